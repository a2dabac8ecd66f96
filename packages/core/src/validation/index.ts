export { type InputContext, invalidField, parseInput } from './parse-input.js'
