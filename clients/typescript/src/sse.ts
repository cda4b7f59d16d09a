/** A server-sent events decoder (the WHATWG event-stream format) over a fetch body. */

export interface ServerSentEvent {
  event: string;
  data: string;
  id: string | undefined;
  retry: number | undefined;
}

/** Feed it lines with `decode(line)`; it returns an event when a blank line ends one. */
export class SSEDecoder {
  private event = "";
  private data: string[] = [];
  private id: string | undefined;
  private retry: number | undefined;

  decode(line: string): ServerSentEvent | undefined {
    if (line === "") {
      if (this.data.length === 0 && this.event === "") return undefined;
      const out = { event: this.event || "message", data: this.data.join("\n"), id: this.id, retry: this.retry };
      this.event = "";
      this.data = [];
      this.retry = undefined;
      return out;
    }
    if (line.startsWith(":")) return undefined; // a comment: keep-alive
    const colon = line.indexOf(":");
    const name = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (name === "event") this.event = value;
    else if (name === "data") this.data.push(value);
    else if (name === "id" && !value.includes("\0")) this.id = value;
    else if (name === "retry" && /^\d+$/.test(value)) this.retry = Number(value);
    return undefined;
  }
}

/** The lines of a byte stream (LF, CRLF or CR endings), decoded as UTF-8. */
export async function* lines(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let match: RegExpExecArray | null;
      while ((match = /\r\n|\r|\n/.exec(buffer)) !== null) {
        // A lone CR at the end of the buffer may be the first half of CRLF: wait for more.
        if (match[0] === "\r" && match.index === buffer.length - 1) break;
        yield buffer.slice(0, match.index);
        buffer = buffer.slice(match.index + match[0].length);
      }
    }
    buffer += decoder.decode();
    if (buffer !== "") yield buffer.replace(/\r$/, "");
  } finally {
    await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
