#include "../lib/testlib.h"
int main(void){return test_done();}
