# intake: smtp part
