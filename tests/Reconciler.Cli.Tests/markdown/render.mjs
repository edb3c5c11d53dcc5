// Reads markdown on stdin and prints the HTML a CommonMark/GFM renderer makes of it. Raw HTML is
// let through (html: true), as GitHub passes comments and tags on, so the tests see the worst case.
import MarkdownIt from "markdown-it";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
process.stdout.write(new MarkdownIt({ html: true }).render(Buffer.concat(chunks).toString("utf8")));
