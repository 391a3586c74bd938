// htm bound to Preact's h: tagged-template views without a JSX step.
import { h } from 'preact';
import htm from 'htm';

export const html = htm.bind(h);
