/**
 * Process definitions as versioned data: stages, departments, items (事项), project types with their
 * eligibility and flows, per region with inheritance. The default catalogue is built from the seeds and
 * every number in it carries its source (`seeds/<file>:<line>`).
 */
export {
  bundledDocuments,
  checkCatalogueDocument,
  coveringRegions,
  loadCatalogue,
  nationalRegion,
  parseCatalogueDocument,
  parseCatalogueText,
} from './bundled.js'
export {
  type Catalogue,
  CatalogueInvalidError,
  canonicalJson,
  checkEligibility,
  contentHash,
  createCatalogue,
  type Eligibility,
  type Flow,
  type FlowStep,
  type ResolvedFollowOn,
  resolveCatalogue,
} from './catalogue.js'
export { cataloguesByRegion } from './per-region.js'
export { DEEMED_ACCEPTANCE_AFTER, lastDayToDecide } from './receipt.js'
export {
  type RecordedVersion,
  recordCommand,
  recordedVersions,
  recordVersions,
  type UnrecordedVersion,
  unrecordedVersions,
  type VersionRecord,
  versionRecordText,
} from './recorded-versions.js'
export { checkRule, type ProjectFacts, type RuleFailure } from './rules.js'
export {
  Cap,
  CatalogueData,
  CatalogueDocument,
  Condition,
  catalogueJsonSchemas,
  DEFAULT_NOTICE_STOPS,
  Department,
  Exclusion,
  FollowOn,
  Item,
  MAX_FOLLOW_ON_CONDITIONS,
  MAX_FOLLOW_ONS,
  MAX_ITEM_MATERIALS,
  MAX_STATED_FACTS,
  MAX_STEP_PHASES,
  Material,
  Name,
  NoticeStops,
  OutsideLinePermitsExempt,
  Phase,
  ProjectType,
  RESERVED_FORM_FIELDS,
  Region,
  Rule,
  Settings,
  Source,
  SourcedLimit,
  SpecialProcedure,
  STATED_FACT,
  Stage,
  StatutoryLimits,
  Step,
  SuspensionKind,
  Utility,
  WorksPlanPush,
} from './schema.js'
export { type Problem, type ValidateOptions, type ValidationReport, validateCatalogue } from './validate.js'
export {
  type ActivatedVersion,
  activeVersionOn,
  checkDocument,
  type DocumentCheck,
  type PinnedCatalogues,
  pinnedCatalogues,
} from './versions.js'
