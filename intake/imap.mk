# intake: imap part
