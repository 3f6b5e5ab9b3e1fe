/** Registry mirrors: where images and charts come from in regions that cannot reach the public registries. */
export { mirroredImage, type RegistryMirror } from "./mirroredImage.js";
