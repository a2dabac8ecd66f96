import { runRedisContract } from './redis-server.test-support.js'

runRedisContract('node-redis')
