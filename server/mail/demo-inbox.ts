// `npm run demo`: starts maildev (an SMTP catcher with a web inbox) and then the production server
// with SMTP_URL pointing at it, so every mail the demo sends can be read in the browser.
import { spawn } from "node:child_process";
import { MailDev } from "maildev";

const smtpPort = Number(process.env.DEMO_SMTP_PORT ?? 1025);
const webPort = Number(process.env.DEMO_MAIL_WEB_PORT ?? 1080);
const maildev = new MailDev({ smtp: smtpPort, web: webPort });
await maildev.start();
console.log(`Demo mail inbox: http://localhost:${webPort} (SMTP on port ${smtpPort}); every mail Tessera sends lands there.`);

const server = spawn("npx", ["tsx", "server.ts", ...process.argv.slice(2)], {
  env: { ...process.env, TESSERA_DEMO: "1", SMTP_URL: process.env.SMTP_URL || `smtp://127.0.0.1:${smtpPort}` },
  stdio: "inherit",
});
const stop = () => server.kill("SIGTERM");
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
server.on("exit", (code) => void maildev.stop().finally(() => process.exit(code ?? 0)));
