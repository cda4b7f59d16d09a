// The mask painter of inpainting: paint over the image where it should change (brush), take paint
// away (eraser), choose the brush size, clear. With a mouse, pen or finger; from the keyboard, arrow
// keys move the brush and Space applies it. The mask sent is white where painted, black elsewhere.

import { h, nextId } from "./dom.js";

export class Painter {
  constructor(src) {
    this.tool = "brush";
    this.size = 8;
    this.cursor = { x: 0, y: 0 };
    this.drawing = false;
    this.img = h("img", { src, alt: "The image to inpaint, under the mask" });
    const help = h("p", { class: "hint", id: nextId("painter-help") }, "Paint where the image should change. Keyboard: arrow keys move the brush, Space paints (or erases).");
    this.canvas = h("canvas", {
      role: "application",
      tabindex: "0",
      "aria-label": "Mask painter",
      "aria-describedby": help.id,
    });
    this.mark = h("span", { class: "cursor", hidden: true });
    this.surface = h("div", { class: "painter" }, this.img, this.canvas, this.mark);
    const sizeInput = h("input", { type: "range", min: "1", max: "64", value: String(this.size), id: nextId("brush-size") });
    const sizeOut = h("output", { for: sizeInput.id }, `${this.size} px`);
    sizeInput.addEventListener("input", () => {
      this.size = Number(sizeInput.value);
      sizeOut.textContent = `${this.size} px`;
      this.drawMark();
    });
    const toolName = nextId("tool");
    const tool = (value, label) =>
      h("label", {}, h("input", { type: "radio", name: toolName, value, checked: value === this.tool, onchange: () => (this.tool = value) }), label);
    this.el = h(
      "fieldset",
      { name: "mask_image" },
      h("legend", {}, "Mask"),
      help,
      this.surface,
      h("div", { class: "inline" }, tool("brush", "Brush"), tool("eraser", "Eraser")),
      h("div", { class: "inline" }, h("label", { for: sizeInput.id }, "Brush size"), sizeInput, sizeOut),
      h("div", { class: "actions" }, h("button", { type: "button", class: "secondary", onclick: () => this.clear() }, "Clear mask")),
    );
    this.sizeInput = sizeInput;
    this.ready = new Promise((resolve) => {
      const start = () => {
        this.canvas.width = this.img.naturalWidth;
        this.canvas.height = this.img.naturalHeight;
        this.size = Math.max(1, Math.round(this.img.naturalWidth / 8));
        sizeInput.max = String(Math.max(8, Math.round(this.img.naturalWidth / 2)));
        sizeInput.value = String(this.size);
        sizeOut.textContent = `${this.size} px`;
        this.cursor = { x: this.canvas.width / 2, y: this.canvas.height / 2 };
        resolve();
      };
      if (this.img.complete && this.img.naturalWidth) start();
      else this.img.addEventListener("load", start, { once: true });
    });
    this.listen();
  }

  listen() {
    const point = (event) => {
      const rect = this.canvas.getBoundingClientRect();
      return {
        x: ((event.clientX - rect.left) * this.canvas.width) / rect.width,
        y: ((event.clientY - rect.top) * this.canvas.height) / rect.height,
      };
    };
    this.canvas.addEventListener("pointerdown", (event) => {
      this.drawing = true;
      this.canvas.setPointerCapture(event.pointerId);
      this.last = point(event);
      this.stroke(this.last, this.last);
    });
    this.canvas.addEventListener("pointermove", (event) => {
      if (!this.drawing) return;
      const next = point(event);
      this.stroke(this.last, next);
      this.last = next;
    });
    const stop = () => (this.drawing = false);
    this.canvas.addEventListener("pointerup", stop);
    this.canvas.addEventListener("pointercancel", stop);
    this.canvas.addEventListener("focus", () => this.drawMark());
    this.canvas.addEventListener("blur", () => (this.mark.hidden = true));
    this.canvas.addEventListener("keydown", (event) => {
      const step = Math.max(1, Math.round(this.size / 2));
      const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
      if (moves[event.key]) {
        const [dx, dy] = moves[event.key];
        this.cursor.x = Math.min(this.canvas.width, Math.max(0, this.cursor.x + dx));
        this.cursor.y = Math.min(this.canvas.height, Math.max(0, this.cursor.y + dy));
        this.drawMark();
      } else if (event.key === " " || event.key === "Enter") {
        this.stroke(this.cursor, this.cursor);
      } else return;
      event.preventDefault();
    });
  }

  stroke(from, to) {
    const ctx = this.canvas.getContext("2d");
    ctx.globalCompositeOperation = this.tool === "eraser" ? "destination-out" : "source-over";
    ctx.strokeStyle = ctx.fillStyle = "#e0004d";
    ctx.lineWidth = this.size;
    ctx.lineCap = "round";
    ctx.beginPath();
    ctx.moveTo(from.x, from.y);
    ctx.lineTo(to.x + 0.01, to.y);
    ctx.stroke();
    this.canvas.dispatchEvent(new Event("maskchange", { bubbles: true }));
  }

  drawMark() {
    if (!this.canvas.width) return;
    const scale = this.canvas.getBoundingClientRect().width / this.canvas.width;
    const size = this.size * scale;
    Object.assign(this.mark.style, {
      width: `${size}px`,
      height: `${size}px`,
      left: `${this.cursor.x * scale - size / 2}px`,
      top: `${this.cursor.y * scale - size / 2}px`,
    });
    this.mark.hidden = document.activeElement !== this.canvas;
  }

  clear() {
    this.canvas.getContext("2d").clearRect(0, 0, this.canvas.width, this.canvas.height);
    this.canvas.dispatchEvent(new Event("maskchange", { bubbles: true }));
  }

  paintedPixels() {
    const { width, height } = this.canvas;
    if (!width) return 0;
    const data = this.canvas.getContext("2d").getImageData(0, 0, width, height).data;
    let count = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) count += 1;
    return count;
  }

  maskDataUrl() {
    const { width, height } = this.canvas;
    const source = this.canvas.getContext("2d").getImageData(0, 0, width, height).data;
    const out = document.createElement("canvas");
    out.width = width;
    out.height = height;
    const ctx = out.getContext("2d");
    const mask = ctx.createImageData(width, height);
    for (let i = 0; i < source.length; i += 4) {
      const value = source[i + 3] > 0 ? 255 : 0;
      mask.data[i] = mask.data[i + 1] = mask.data[i + 2] = value;
      mask.data[i + 3] = 255;
    }
    ctx.putImageData(mask, 0, 0);
    return out.toDataURL("image/png");
  }
}
