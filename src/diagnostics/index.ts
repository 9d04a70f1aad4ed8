export * from './diagnostic.js';
export * from './source.js';
export * from './suggest.js';
export * from './article.js';
export * from './render.js';
export * from './printable.js';
