import { OpenAiServer } from './test/helpers/openai-server.js';
import { competentReply } from './test/helpers/scripted-llm.js';
const server = await new OpenAiServer((req) => competentReply(req)).start();
console.log(server.url);
process.on('SIGTERM', async () => { await server.stop(); process.exit(0); });
setInterval(() => {}, 1000);
