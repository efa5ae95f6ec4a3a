import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
}

/** A real SMTP server on 127.0.0.1 that keeps what it receives. */
export async function startSmtpReceiver(
  options: {
    port?: number;
    onMail?: (mail: ReceivedMail) => void;
    /** A slow mail server: each message is acknowledged this long after it arrived. */
    delayMs?: number;
    /** A hung mail server: messages are read and never acknowledged. */
    hang?: boolean;
  } = {},
) {
  const received: ReceivedMail[] = [];
  /** Messages whose data arrived, acknowledged or not (a hung receiver never acknowledges). */
  let arrived = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    // A hung or slow receiver's sessions would otherwise hold close() for 30 s.
    closeTimeout: 300,
    onData(stream, session, callback) {
      arrived += 1;
      simpleParser(stream)
        .then((parsed: ParsedMail) => {
          const mail: ReceivedMail = {
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
            html: typeof parsed.html === "string" ? parsed.html : "",
            messageId: parsed.messageId ?? "",
          };
          if (options.hang) return;
          const accept = () => {
            received.push(mail);
            options.onMail?.(mail);
            callback();
          };
          if (options.delayMs) setTimeout(accept, options.delayMs);
          else accept();
        })
        .catch(callback);
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      const address = server.server.address();
      resolve(typeof address === "object" && address ? address.port : 0);
    });
  });
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    arrived: () => arrived,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
