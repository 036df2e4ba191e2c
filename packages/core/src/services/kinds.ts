/**
 * The kinds of service a plugin can contribute. Each kind has a token (a Symbol) of the same name
 * as its interface, exported from the file that defines the interface (Theia's convention).
 */
export const SERVICE_KINDS = [
  'Backend',
  'Sampler',
  'Grader',
  'Loss',
  'Algorithm',
  'Task',
  'Tracker',
] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];

/** Which top-level `use.<key>` selects a service of each kind (e.g. `use.sampler: onnx`). */
export const KIND_SELECTOR: Record<ServiceKind, string> = {
  Backend: 'backend',
  Sampler: 'sampler',
  Grader: 'grader',
  Loss: 'loss',
  Algorithm: 'algorithm',
  Task: 'task',
  Tracker: 'tracker',
};
