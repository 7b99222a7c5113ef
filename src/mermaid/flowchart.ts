/**
 * Writes Mermaid flowcharts from data. Node and subgraph ids are generated (never taken from text), and
 * every label is quoted with Mermaid's entity codes for the characters that could end the label, open a
 * directive (`%%{init}`), start markup or break a line, so untrusted titles and terms stay plain text.
 */

export type FlowNode = { id: string; label: string; shape?: 'rect' | 'round' | 'stadium' };
export type FlowEdge = { from: string; to: string; label?: string; strength?: 'normal' | 'thick' | 'dotted' };
export type FlowSubgraph = { id: string; title: string; nodes: string[] };
export type Flowchart = {
  direction?: 'LR' | 'TD';
  nodes: FlowNode[];
  edges: FlowEdge[];
  subgraphs?: FlowSubgraph[];
};

const ENTITY: Record<string, string> = {
  '"': '#quot;', '#': '#35;', '%': '#37;', '&': '#amp;', '<': '#lt;', '>': '#gt;', '`': '#96;', '|': '#124;',
  ';': '#59;', '[': '#91;', ']': '#93;', '{': '#123;', '}': '#125;', '(': '#40;', ')': '#41;', '\\': '#92;',
  '*': '#42;', '_': '#95;', '~': '#126;',
  // mermaid's preprocessing rewrites `style …:…;` and `classDef …` text even inside labels
  ':': '#58;',
};

/** Longest label written; longer text is cut at a word boundary with an ellipsis. */
export const MAX_LABEL = 60;

/** Makes text safe inside a quoted Mermaid label. */
export function escapeLabel(text: string, max = MAX_LABEL): string {
  let plain = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  if ([...plain].length > max) {
    const cut = [...plain].slice(0, max - 1).join('');
    const space = cut.lastIndexOf(' ');
    plain = `${space > max / 2 ? cut.slice(0, space) : cut}…`;
  }
  return plain.replace(/["#%&<>`|;:[\]{}()\\*_~]/g, (c) => ENTITY[c]!);
}

const SAFE_ID = /^[A-Za-z][A-Za-z0-9]*$/;

function checkId(id: string): string {
  // Ids come from our own code; a bad one is a bug, and letting it through could break the diagram.
  if (!SAFE_ID.test(id) || /^(end|graph|subgraph|flowchart|style|class|click|linkStyle|classDef|direction)$/i.test(id)) {
    throw new Error(`unsafe Mermaid id "${id}": ids must be generated alphanumerics`);
  }
  return id;
}

function nodeLine(node: FlowNode): string {
  const label = `"${escapeLabel(node.label)}"`;
  const id = checkId(node.id);
  switch (node.shape ?? 'rect') {
    case 'round': return `${id}(${label})`;
    case 'stadium': return `${id}([${label}])`;
    case 'rect': return `${id}[${label}]`;
  }
}

function edgeLine(edge: FlowEdge): string {
  const arrow = edge.strength === 'thick' ? '===' : edge.strength === 'dotted' ? '-.-' : '---';
  const label = edge.label ? `|"${escapeLabel(edge.label, 40)}"|` : '';
  return `${checkId(edge.from)} ${arrow}${label} ${checkId(edge.to)}`;
}

/** Serialises a flowchart. Nodes named in a subgraph are declared inside it, the rest at top level. */
export function renderFlowchart(chart: Flowchart): string {
  const lines = [`flowchart ${chart.direction ?? 'LR'}`];
  const inSubgraph = new Set(chart.subgraphs?.flatMap((s) => s.nodes) ?? []);
  const byId = new Map(chart.nodes.map((n) => [n.id, n]));
  for (const sub of chart.subgraphs ?? []) {
    lines.push(`  subgraph ${checkId(sub.id)}["${escapeLabel(sub.title)}"]`);
    for (const id of sub.nodes) {
      const node = byId.get(id);
      if (node) lines.push(`    ${nodeLine(node)}`);
    }
    lines.push('  end');
  }
  for (const node of chart.nodes) if (!inSubgraph.has(node.id)) lines.push(`  ${nodeLine(node)}`);
  for (const edge of chart.edges) lines.push(`  ${edgeLine(edge)}`);
  return lines.join('\n');
}
