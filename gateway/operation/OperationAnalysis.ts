import type {
  FieldNode,
  GraphQLCompositeType,
  GraphQLError,
  GraphQLField,
  OperationDefinitionNode,
} from 'graphql';

/** One field an operation selects. */
export interface SelectedField {
  /**
   * `Type.field` (a schema coordinate). A field of an object or interface type that one of
   * its interfaces declares is named after the first such interface, so the same field
   * selected on `ResidencePermit` or on `ShanghaiPermit` has one name.
   */
  readonly coordinate: string;
  /** The type the field was selected on. */
  readonly parentType: GraphQLCompositeType;
  readonly fieldDef: GraphQLField<unknown, unknown>;
  readonly node: FieldNode;
}

/**
 * A root field that names permits: `permit(id:)`, `permits(ids:)`, `recognise(requests:)`
 * or `verifyPresentation(code:)` (the permit its code names).
 */
export interface PermitArgument {
  /** `Query.permit`, `Query.permits`, `Query.recognise` or `Query.verifyPresentation`. */
  readonly coordinate: string;
  /** The field's alias, else its name: the `path` of an error about it. */
  readonly responseKey: string;
  /**
   * The coerced permit numbers it names (`id`, each of `ids`, each request's `permitId`, the
   * code's `sub`), as given; `undefined` for a code that cannot be read.
   */
  readonly values: readonly unknown[];
  /** The decisions (`Recognition` fields, aliases and spreads counted) each item can produce. */
  readonly decisionsPerItem: number;
  /** How many items its batch argument holds; `undefined` for `permit(id:)`. */
  readonly batchSize?: number;
  /** Why its arguments could not be coerced; `values` is empty then. */
  readonly error?: GraphQLError;
}

/** A selected field that names the service a decision is for. */
export interface ServiceArgument {
  /** `ResidencePermit.recognition` or `Query.recognise`. */
  readonly coordinate: string;
  /** The coerced services it names: `service`, or each request's `service`. */
  readonly services: readonly unknown[];
  /** Why its arguments could not be coerced; `services` is empty then. */
  readonly error?: GraphQLError;
}

/**
 * What one operation of a validated document reads, worked out once before planning
 * (`analyseOperation`) and frozen: every guard, the data sources and the audit read it
 * instead of walking the document again.
 */
export interface OperationAnalysis {
  readonly operation: OperationDefinitionNode;
  /** Every field selected, in document order, fragments walked once (see `analyseOperation`). */
  readonly fields: readonly SelectedField[];
  /** Coerced variable values; `undefined` when they do not fit the operation (see `variableErrors`). */
  readonly variables: Readonly<Record<string, unknown>> | undefined;
  readonly variableErrors: readonly GraphQLError[];
  /** The root fields that name permits, in document order, `@skip`/`@include` regardless. */
  readonly permitArguments: readonly PermitArgument[];
  /** The permit numbers (strings) those fields name, each as often as named. */
  readonly permitIds: readonly string[];
  /** The selected fields that name a service, in document order. */
  readonly serviceArguments: readonly ServiceArgument[];
  /** Whether any selected field is of type `Recognition`: a decision, which no stale data may feed. */
  readonly selectsRecognition: boolean;
}
