// A C++ user: the public header must compile as C++ and link without
// name mangling.
#include <adjeq.h>

#include <cstdio>
#include <string>

int main() {
    const std::string s = "abCCdeFFghiJJklmnopqRRstuVVxyZZ";
    std::size_t n = adjeq_count(s.data(), s.size());
    enum adjeq_kernel k = adjeq_active_kernel();
    std::printf("C++: kernel %s, %zu doubles\n", adjeq_kernel_name(k), n);
    return n == 6 && adjeq_kernel_supported(k) ? 0 : 1;
}
