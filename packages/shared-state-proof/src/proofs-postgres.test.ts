import { registerProofs } from './proof-suite.test-support.js'

registerProofs('postgres')
