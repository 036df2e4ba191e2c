// The one inversify instance every plugin uses (DESIGN rule 4): plugins import these from
// @reasonrl/core, never from inversify directly, so bindings never cross two copies of the library.
import 'reflect-metadata';

export type { ContainerModuleLoadOptions, ServiceIdentifier } from 'inversify';
export { Container, ContainerModule } from 'inversify';
