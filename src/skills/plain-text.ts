/**
 * Prepares an abstract for skill matching. Unlike `latexToText` (which renders math for people), math is
 * removed outright: `$R^2$`, `$\mathbb{R}^n$` or `$C$` name no technology, and the letters they keep after
 * rendering would look like the R or C languages. Each math span becomes U+FFFC, which the patterns for
 * one-letter names treat as part of a word, so `Python and R$^2$` does not leave a bare `R` behind.
 */
const MATH = /\$\$[\s\S]*?\$\$|\$(?:\\.|[^$\\])*\$|\\\([\s\S]*?\\\)|\\\[[\s\S]*?\\\]/g;
const MATH_MARK = '\uFFFC';

/** Plain text for matching: math dropped, LaTeX commands unwrapped (`\textbf{R}eason` -> `Reason`). */
export function plainText(text: string): string {
  if (!text.includes('\\') && !text.includes('$')) return text;
  return text
    .replace(/\\\$/g, ' ')
    .replace(MATH, MATH_MARK)
    .replace(/\\(?:cite|citep|citet|ref|eqref|label|url|href)\s*\{[^{}]*\}/g, ' ')
    // accents: R\'enyi -> Renyi, not a bare R followed by an apostrophe
    .replace(/\\['"`^~=.]\{?([A-Za-z])\}?/g, '$1')
    .replace(/\\([%&#_{}])/g, '$1')
    // a command that wraps text disappears with its braces, one without an argument leaves a space
    .replace(/\\[A-Za-z]+\*?\s*(?=\{)/g, '')
    .replace(/\\[A-Za-z]+\*?/g, ' ')
    .replace(/[{}]/g, '');
}
