export { makeJwt, tokenEnvelope, zipteamsJwt } from './jwt.js';
