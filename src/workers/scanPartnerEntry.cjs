// The scan partner thread's entry (scanPartner.ts). CommonJS, because in a worker thread on Node 20
// tsx's hooks load TypeScript through require only, as in piscina's workers.
require('./scanPartnerThread.ts');
