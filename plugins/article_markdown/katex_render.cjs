// Render a batch of TeX formulas with KaTeX, at build time, for the article plugin.
// stdin: JSON [[tex, displayMode], ...]; stdout: JSON [{html} | {error}, ...].
// Written by hand because KaTeX ships no CLI for batches: one Node start per page.
const katexPath = process.argv[2];
const katex = require(katexPath);
let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const results = JSON.parse(input).map(([tex, displayMode]) => {
    try {
      return { html: katex.renderToString(tex, {
        displayMode, output: "htmlAndMathml", throwOnError: true, strict: "ignore",
      }) };
    } catch (error) {
      return { error: String(error.message || error) };
    }
  });
  process.stdout.write(JSON.stringify(results));
});
