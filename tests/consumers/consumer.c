/* A user's program: counts the article's example through the installed API. */
#include <adjeq.h>
#include <stdio.h>
#include <string.h>

int main(void) {
    const char *s = "abCCdeFFghiJJklmnopqRRstuVVxyZZ";
    size_t n = adjeq_count(s, strlen(s));
    printf("adjeq %s, kernel %s: %zu doubles\n", adjeq_version(),
           adjeq_kernel_name(adjeq_active_kernel()), n);
    return n == 6 ? 0 : 1;
}
