# intake: pipeline part
