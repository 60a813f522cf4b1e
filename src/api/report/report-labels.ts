/**
 * Labels of the printed report, each in English and Simplified Chinese side by side: the report
 * travels to prosecutors, families and second labs who may read either language, so it carries
 * both at once (the workbench page switches instead; its catalogue is src/web/messages.ts).
 */
export const REPORT_LABELS = {
  title: ['Kinship match report', '亲缘关系比中报告'],
  generated: ['Generated', '生成时间'],
  by: ['by', '生成人'],
  match: ['Match', '比中编号'],
  caseSection: ['Case', '案件'],
  caseId: ['Case id', '案件编号'],
  alertId: ['Alert id', '寻亲信息编号'],
  traffickingCaseNo: ['Trafficking case no.', '拐卖案件编号'],
  caseStatus: ['Case status', '案件状态'],
  childSex: ['Sex of the missing child', '失踪儿童性别'],
  birthDate: ['Birth date', '出生日期'],
  missingSince: ['Missing since', '失踪日期'],
  missingPlace: ['Place missing', '失踪地点'],
  caseOpened: ['Case opened', '立案时间'],
  foundPerson: ['Found person', '找到的人员'],
  foundAt: ['Found on', '发现日期'],
  foundPlace: ['Place found', '发现地点'],
  birthYear: ['Estimated birth year', '估计出生年份'],
  resultSection: ['Result', '比对结果'],
  matchStatus: ['Match status', '比中状态'],
  lr: ['Likelihood ratio (LR)', '似然比（LR）'],
  log10lr: ['log10 LR', 'log10 似然比'],
  posterior: ['Database posterior', '全库后验概率'],
  exceedance: ['Exceedance P(LR >= observed | unrelated)', '超越概率'],
  expectedAdventitious: ['Expected unrelated records this high (N / LR)', '预计达到此值的无关记录数'],
  databaseSize: ['Records searched (N)', '检索记录数'],
  lociCompared: ['Loci compared', '比对基因座数'],
  inconsistentLoci: ['Inconsistent loci', '不符合基因座数'],
  mostLikely: ['Most likely relationship', '最可能的亲缘关系'],
  flags: ['Flags', '提示'],
  scoredAt: ['Scored at', '计算时间'],
  notComputed: ['not computed', '未计算'],
  pedigreeSection: ['Family (pedigree)', '家系图'],
  pedigreeLegend: ['Squares male, circles female, shaded typed, arrow and "?" the missing child.', '方形为男性，圆形为女性，涂色为已检测，箭头和问号为失踪儿童。'],
  lociSection: ['Per-locus comparison', '逐基因座比对'],
  locus: ['Locus', '基因座'],
  status: ['Status', '状态'],
  alternativesSection: ['Alternative relationships', '其他亲缘关系假设'],
  relationship: ['Relationship of the found person', '找到的人员的关系'],
  evidenceSection: ['Non-genetic evidence', '非遗传证据'],
  kind: ['Kind', '类型'],
  conflict: ['Conflict', '矛盾'],
  reason: ['Reason', '原因'],
  methodSection: ['Method', '方法'],
  mutationModel: ['Mutation model', '突变模型'],
  theta: ['Theta (θ, Balding–Nichols)', 'θ 值（Balding–Nichols）'],
  frequencyTable: ['Allele frequency table', '等位基因频率表'],
  policyVersion: ['Search policy version', '检索策略版本'],
  thresholdLr: ['Reporting threshold (LR)', '报告阈值（似然比）'],
  maxInconsistent: ['Inconsistent loci allowed', '允许的不符合基因座数'],
  software: ['Software', '软件'],
  reviewsSection: ['Review decisions', '复核决定'],
  when: ['When', '时间'],
  who: ['Who', '复核人'],
  decision: ['Decision', '决定'],
  outcome: ['Outcome', '结果'],
  note: ['Note', '备注'],
  noReviews: ['No review yet.', '尚无复核。'],
  none: ['none', '无'],
  page: ['Page', '第'],
  of: ['of', '页，共'],
  pages: ['', '页'],
} as const satisfies Record<string, readonly [string, string]>;

export type ReportLabel = keyof typeof REPORT_LABELS;

/** "English 中文" for a label. */
export function bilingual(label: ReportLabel): string {
  const [en, zh] = REPORT_LABELS[label];
  return `${en} ${zh}`;
}
