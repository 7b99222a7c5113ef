/**
 * Words that carry no topic on their own in scientific abstracts. wink-nlp's stop-word flag covers
 * function words ("we", "is", "that"); these are the content-looking words that still say nothing about
 * what a paper is about. A key term may contain them ("learning method") and may be made of several
 * ("topic model", "data quality"), but never is one alone nor starts with one of the modifiers.
 */
export const GENERIC_HEADS = new Set([
  'paper', 'papers', 'work', 'works', 'approach', 'approaches', 'method', 'methods', 'methodology', 'result',
  'results', 'study', 'studies', 'article', 'problem', 'problems', 'task', 'tasks', 'way', 'ways', 'use',
  'number', 'numbers', 'set', 'sets', 'lot', 'lots', 'kind', 'kinds', 'type', 'types', 'part', 'parts',
  'case', 'cases', 'fact', 'aspect', 'aspects', 'issue', 'issues', 'paradigm', 'framework', 'frameworks',
  'technique', 'techniques', 'experiment', 'experiments', 'performance', 'state', 'art', 'effectiveness',
  'efficiency', 'improvement', 'improvements', 'contribution', 'contributions', 'analysis', 'evaluation',
  'evaluations', 'application', 'applications', 'solution', 'solutions', 'challenge', 'challenges', 'terms',
  'addition', 'order', 'respect', 'end', 'basis', 'variety', 'range', 'amount', 'level', 'levels', 'manner',
  'process', 'system', 'systems', 'model', 'models', 'data', 'information', 'time', 'times', 'example',
  'examples', 'existence', 'presence', 'importance', 'need', 'needs', 'idea', 'ideas', 'goal', 'goals',
  'setting', 'settings', 'scenario', 'scenarios', 'domain', 'domains', 'field', 'fields', 'area', 'areas',
  'research', 'researchers', 'literature', 'survey', 'benchmark', 'benchmarks', 'baseline', 'baselines',
  'accuracy', 'quality', 'insight', 'insights', 'finding', 'findings', 'property', 'properties', 'feature',
  'features', 'capability', 'capabilities', 'ability', 'abilities', 'limitation', 'limitations', 'factor',
  'factors', 'component', 'components', 'module', 'modules', 'stage', 'stages', 'step', 'steps', 'version',
  'versions', 'dataset', 'datasets', 'code', 'gain', 'gains', 'margin', 'margins', 'x', 'e.g.', 'i.e.',
  'state-of-the-art', 'sota', 'art', 'topic', 'topics', 'purpose', 'purposes', 'context', 'contexts',
]);

/**
 * The furniture of a full paper: what it is divided into and how it counts, never what it is about
 * ("section", "theorem", "thousands"). Never a key term alone; the summarizer still weighs these words,
 * since a sentence about a theorem may be the paper's point.
 */
export const DOCUMENT_FURNITURE = new Set([
  'section', 'sections', 'subsection', 'figure', 'figures', 'fig', 'table', 'tables', 'appendix', 'chapter',
  'theorem', 'theorems', 'lemma', 'lemmas', 'proof', 'proofs', 'corollary', 'proposition', 'definition',
  'definitions', 'equation', 'equations', 'eq', 'remark', 'hundreds', 'thousands', 'millions', 'billions',
]);

/** Modifiers that open noun phrases without adding meaning ("novel method", "various tasks"). */
export const GENERIC_MODIFIERS = new Set([
  'novel', 'new', 'proposed', 'existing', 'various', 'different', 'several', 'many', 'recent', 'previous',
  'such', 'other', 'first', 'second', 'third', 'important', 'significant', 'key', 'main', 'current', 'better',
  'best', 'good', 'great', 'simple', 'effective', 'extensive', 'comprehensive', 'specific', 'particular',
  'certain', 'numerous', 'diverse', 'prior', 'further', 'additional', 'same', 'similar', 'powerful',
  'superior', 'promising', 'remarkable', 'substantial', 'considerable', 'notable', 'impressive',
  'competitive', 'whole', 'entire', 'own', 'able', 'critical', 'crucial', 'essential', 'challenging',
  'difficult', 'more', 'most', 'much', 'few', 'final', 'corresponding', 'respective', 'related', 'relevant',
  'available', 'possible', 'potential', 'widespread', 'increasing', 'growing', 'emerging', 'thorough',
  'detailed', 'state-of-the-art', 'sota', 'overall', 'underlying', 'typical', 'common',
  // base-form verbs that taggers read as nouns at the start of a phrase ("use convolutional networks")
  'use', 'train', 'apply', 'leverage', 'exploit', 'employ', 'utilize', 'utilise', 'improve', 'enhance',
  'achieve', 'obtain', 'enable', 'allow', 'provide', 'require', 'introduce', 'propose', 'present',
  'fine-tune', 'finetune', 'pre-train', 'pretrain', 'post-train',
]);
