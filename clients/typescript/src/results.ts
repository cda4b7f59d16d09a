/** What `client.images.*` returns: the finished job and its images' bytes, ready to save or show. */
import { nodeFs } from "./inputs.js";
import type { Job } from "./types.js";

/** One image of a finished job, with its bytes. */
export interface GeneratedImage {
  id: string;
  /** The PNG (or other `contentType`) bytes. */
  data: Uint8Array;
  contentType: string;
  width: number;
  height: number;
  seed: number | null;
  /** A signed, expiring URL of the image (absent when the job asked for `b64_json`). */
  url: string | undefined;
  jobId: string;
}

export class ImagesResult {
  constructor(
    readonly job: Job,
    readonly images: GeneratedImage[],
  ) {}

  /** The image as a `Blob` (for `URL.createObjectURL` in a browser, or a `FormData`). */
  blob(index = 0): Blob {
    const image = this.image(index);
    return new Blob([image.data.slice()], { type: image.contentType });
  }

  /**
   * Write the images to disk (Node): one image goes to `path`; several to `name-0.png`,
   * `name-1.png`… beside it. Resolves with the paths written.
   */
  async save(path: string): Promise<string[]> {
    const fs = await nodeFs("save()");
    const paths =
      this.images.length === 1
        ? [path]
        : this.images.map((_, i) => {
            const dot = path.lastIndexOf(".");
            return dot > path.lastIndexOf("/") ? `${path.slice(0, dot)}-${i}${path.slice(dot)}` : `${path}-${i}`;
          });
    await Promise.all(this.images.map((image, i) => fs.writeFile(paths[i]!, image.data)));
    return paths;
  }

  private image(index: number): GeneratedImage {
    const image = this.images[index];
    if (!image) throw new RangeError(`no image ${index}: this result has ${this.images.length}`);
    return image;
  }
}
