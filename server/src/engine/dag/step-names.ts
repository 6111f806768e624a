/**
 * Cursus 2.9's node name -> step type rule (step_catalog/naming.py, StepCatalog.get_step_interface; CURSUS-TODAY
 * sections 1, 5 and 8): the exact registry name first (compared as Cursus canonicalises names, so `Dummy_training`
 * is DummyTraining with no job type), then the longest `_`-prefix that is a registry name, the rest being the job
 * type (`XGBoostTraining_calibration` -> XGBoostTraining, job type `calibration`).
 */

/** Compound terms Cursus keeps whole when it splits names into words. */
export const COMPOUND_ACRONYMS = ['LightGBMMT', 'LightGBM', 'XGBoost', 'PyTorch', 'TensorFlow', 'SageMaker', 'MLFlow', 'AutoML'] as const;

/** The job types Cursus recognises as node-name suffixes. */
export const JOB_TYPE_SUFFIXES = ['training', 'validation', 'testing', 'calibration', 'inference', 'evaluation', 'batch', 'export', 'scoring'] as const;

/** Registry rows that have no `.step.yaml` (`registry/step_names_base.py`). */
export const BUILTIN_STEP_TYPES = ['Base', 'Processing', 'HyperparameterPrep'] as const;

/** Lowercase, alphanumerics only: the form under which Cursus compares step names. */
export function canonicalStepKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

export interface StepNameResolution {
  stepType: string;
  /** The node-name suffix after the step type (`calibration`), when the name was split. */
  jobType?: string;
  how: 'exact' | 'prefix';
}

/** A lookup of registry names by canonical key (first declared wins). */
export class StepRegistry {
  private readonly byKey = new Map<string, string>();

  constructor(names: Iterable<string>) {
    for (const n of names) {
      const k = canonicalStepKey(n);
      if (k && !this.byKey.has(k)) this.byKey.set(k, n);
    }
  }

  get size(): number {
    return this.byKey.size;
  }

  lookup(name: string): string | undefined {
    return this.byKey.get(canonicalStepKey(name));
  }

  names(): string[] {
    return [...this.byKey.values()];
  }

  /** The step type a node name resolves to, or undefined when no registry name fits. */
  resolve(node: string): StepNameResolution | undefined {
    const exact = this.lookup(node);
    if (exact) return { stepType: exact, how: 'exact' };
    const parts = node.split('_');
    for (let i = parts.length - 1; i >= 1; i--) {
      const base = this.lookup(parts.slice(0, i).join('_'));
      if (base) return { stepType: base, jobType: parts.slice(i).join('_'), how: 'prefix' };
    }
    return undefined;
  }
}

/** How a resolution reads in a message: `resolved to step type X by its longest registry prefix, job type 'y'`. */
export function describeStepName(node: string, r: StepNameResolution): string {
  if (r.how === 'exact') return r.stepType === node ? `'${node}' is the registry step type ${r.stepType}` : `'${node}' is the registry step type ${r.stepType} (names compare without case and '_')`;
  return `'${node}' resolves to step type ${r.stepType} by its longest registry prefix, job type '${r.jobType}'`;
}
