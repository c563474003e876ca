// Reads a password for a command without it ever being an argument (arguments land in shell history and in
// `ps`): typed at a terminal with nothing echoed, or the first line of standard input when it is a pipe.

/** The password, or undefined when input ended (or Ctrl-C/Ctrl-D came) before one was given. */
export async function readPassword(prompt: string): Promise<string | undefined> {
  return process.stdin.isTTY ? readFromTerminal(prompt) : readFirstLine();
}

async function readFirstLine(): Promise<string | undefined> {
  let text = '';
  for await (const chunk of process.stdin) {
    text += chunk.toString('utf8');
    if (text.includes('\n')) break;
  }
  const newline = text.indexOf('\n');
  const line = (newline === -1 ? text : text.slice(0, newline)).replace(/\r$/, '');
  return newline === -1 && line === '' ? undefined : line;
}

function readFromTerminal(prompt: string): Promise<string | undefined> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve) => {
    let typed = '';
    const finish = (password: string | undefined) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      resolve(password);
    };
    const onData = (data: Buffer) => {
      for (const character of data.toString('utf8')) {
        if (character === '\r' || character === '\n') return finish(typed);
        if (character === '\u0003' || character === '\u0004') return finish(undefined);
        if (character === '\u007f' || character === '\b') typed = [...typed].slice(0, -1).join('');
        else if (character >= ' ') typed += character;
      }
    };
    stdin.on('data', onData);
  });
}
