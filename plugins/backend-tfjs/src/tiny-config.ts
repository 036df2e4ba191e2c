/** Kept here too for existing imports; the helper lives beside randomQwenTensors in @reasonrl/hf-checkpoint. */
export { tinyQwenConfig } from '@reasonrl/hf-checkpoint';
