# intake: config part
