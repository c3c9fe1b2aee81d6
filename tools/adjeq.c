/*
 * adjeq(1): count doubles in files, like wc counts lines.
 *
 * Exit status: 0 all inputs counted; 1 an input could not be counted (the
 * others still are) or output failed; 2 usage error (bad option, unknown or
 * unsupported kernel, bad thread count).
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "adjeq.h"
#include "input.h"

#ifdef _WIN32
#include <sys/stat.h>
#include <windows.h>
#endif

#define EXIT_INPUT_ERROR 1
#define EXIT_USAGE 2

/* Larger than any sane request, small enough to catch typos such as -t 4000000. */
#define MAX_THREADS 4096

struct options {
    const char *kernel; /* NULL: automatic (or ADJEQ_KERNEL) */
    unsigned threads;   /* 0: one per CPU */
    int json;
    int list_kernels;
    int progress;
    int utf8; /* count code points instead of bytes */
};

static const char usage_line[] =
    "Usage: adjeq [OPTION]... [FILE]...\n"
    "Try 'adjeq --help' for more information.\n";

static void print_help(void) {
    printf("Usage: adjeq [OPTION]... [FILE]...\n"
           "Count doubles (positions i with byte[i] == byte[i+1]) in each FILE, and a\n"
           "total when there are several. With no FILE, or when FILE is -, read standard\n"
           "input. Regular files are memory-mapped and counted on several cores.\n"
           "\n"
           "      --utf8          count doubles among UTF-8 characters (code points)\n"
           "                      instead of bytes; a byte that is not part of a valid\n"
           "                      character is a unit of its own, equal only to the\n"
           "                      same byte (one thread)\n"
           "  -k, --kernel=NAME   use kernel NAME (see --list-kernels)\n"
           "  -l, --list-kernels  list the kernels: compiled in, supported, active, and\n"
           "                      why each one is or is not used; with --json, also a\n"
           "                      report of what was detected on this CPU\n"
           "  -t, --threads=N     count on N threads (0, the default: one per CPU this\n"
           "                      process may run on)\n"
           "      --json          print machine-readable JSON\n"
           "  -p, --progress      show progress on standard error (when it is a terminal)\n"
           "  -V, --version       print the version and exit\n"
           "  -h, --help          print this help and exit\n"
           "\n"
           "Exit status: 0 all inputs counted; 1 an input could not be read (the others\n"
           "are still counted); 2 usage error (bad option, unknown or unsupported kernel).\n"
           "The ADJEQ_KERNEL environment variable also selects a kernel.\n");
}

/* --help and --version: output that never reached its destination (a full
 * disk, a closed pipe) is an error, not a success. */
static int finish_output(int status) {
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "adjeq: write error: %s\n", strerror(errno));
        return EXIT_INPUT_ERROR;
    }
    return status;
}

static int is_long_option(const struct option *options, const char *name) {
    for (; options->name; options++)
        if (strcmp(options->name, name) == 0)
            return 1;
    return 0;
}

static int usage_error(const char *fmt, const char *arg) {
    fputs("adjeq: ", stderr);
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    fputs(usage_line, stderr);
    return EXIT_USAGE;
}

/* --- JSON output ----------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s (1-4), or 0 if it is not one. */
static size_t utf8_sequence(const unsigned char *s) {
    if (s[0] < 0x80)
        return 1;
    size_t n = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 ? 2 : 0;
    if (n == 0 || s[0] > 0xf4)
        return 0;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    /* Overlong 3- and 4-byte forms, surrogates, and code points past U+10FFFF. */
    if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] >= 0xa0) ||
        (s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] >= 0x90))
        return 0;
    return n;
}

/* File names are bytes; JSON is UTF-8, so a byte that is not part of valid
 * UTF-8 becomes U+FFFD. */
static void json_string(const char *str) {
    const unsigned char *s = (const unsigned char *)str;
    putchar('"');
    while (*s) {
        if (*s == '"' || *s == '\\') {
            printf("\\%c", *s++);
        } else if (*s < 0x20 || *s == 0x7f) {
            printf("\\u%04x", *s++);
        } else {
            size_t n = utf8_sequence(s);
            if (n == 0) {
                fputs("\\ufffd", stdout);
                s++;
            } else {
                fwrite(s, 1, n, stdout);
                s += n;
            }
        }
    }
    putchar('"');
}

static void json_word_list(const char *words) {
    putchar('[');
    const char *p = words;
    int first = 1;
    while (*p) {
        size_t n = strcspn(p, " ");
        if (n) {
            printf("%s\"%.*s\"", first ? "" : ", ", (int)n, p);
            first = 0;
        }
        p += n;
        p += *p == ' ';
    }
    putchar(']');
}

/* --- --list-kernels -------------------------------------------------------- */

static void list_kernels(int json) {
    struct adjeq_cpu_report cpu;
    adjeq_get_cpu_report(&cpu, sizeof cpu);
    unsigned n = adjeq_kernel_count();

    if (!json) {
        if (strcmp(cpu.arch, "x86_64") == 0 || strcmp(cpu.arch, "x86") == 0)
            printf("cpu: %s family 0x%x model 0x%x stepping %u (%s)\n", cpu.vendor,
                   cpu.family, cpu.model, cpu.stepping, cpu.arch);
        else
            printf("cpu: %s\n", cpu.arch);
        printf("features: %s\n", cpu.features[0] ? cpu.features : "(none)");
        if (strcmp(cpu.features, cpu.usable_features) != 0)
            printf("enabled by the OS: %s\n",
                   cpu.usable_features[0] ? cpu.usable_features : "(none)");
        printf("%-2s%-12s %-9s %-10s %s\n", "", "KERNEL", "COMPILED", "SUPPORTED", "STATUS");
        for (unsigned k = 0; k < n; k++) {
            struct adjeq_kernel_status st;
            /* A value this build does not assign has no status. */
            if (adjeq_get_kernel_status((enum adjeq_kernel)k, &st, sizeof st) != 0)
                continue;
            printf("%-2s%-12s %-9s %-10s %s%s\n", st.active ? "*" : "", st.name,
                   st.compiled ? "yes" : "no", st.supported ? "yes" : "no",
                   st.active ? (st.best ? "active: " : "active (forced); ") : "", st.detail);
        }
        return;
    }

    printf("{\n  \"cpu\": {\n    \"arch\": \"%s\",\n", cpu.arch);
    if (strcmp(cpu.arch, "x86_64") == 0 || strcmp(cpu.arch, "x86") == 0) {
        printf("    \"vendor\": ");
        json_string(cpu.vendor);
        printf(",\n    \"family\": %u,\n    \"model\": %u,\n    \"stepping\": %u,\n",
               cpu.family, cpu.model, cpu.stepping);
        printf("    \"cpuid\": {\"max_leaf\": \"0x%x\", \"1.eax\": \"0x%08x\", "
               "\"1.ecx\": \"0x%08x\", \"1.edx\": \"0x%08x\", \"7.0.ebx\": \"0x%08x\", "
               "\"7.0.ecx\": \"0x%08x\"},\n",
               (unsigned)cpu.cpuid_max_leaf, (unsigned)cpu.cpuid1_eax,
               (unsigned)cpu.cpuid1_ecx, (unsigned)cpu.cpuid1_edx,
               (unsigned)cpu.cpuid7_ebx, (unsigned)cpu.cpuid7_ecx);
        printf("    \"osxsave\": %s,\n    \"xcr0\": \"0x%llx\",\n",
               cpu.osxsave ? "true" : "false", (unsigned long long)cpu.xcr0);
    } else if (strcmp(cpu.arch, "aarch64") == 0 || strcmp(cpu.arch, "arm") == 0) {
        printf("    \"hwcap\": \"0x%llx\",\n    \"hwcap2\": \"0x%llx\",\n"
               "    \"sve_vector_bits\": %u,\n",
               (unsigned long long)cpu.hwcap, (unsigned long long)cpu.hwcap2,
               cpu.sve_vector_bits);
    } else if (strcmp(cpu.arch, "ppc64le") == 0 || strcmp(cpu.arch, "s390x") == 0) {
        printf("    \"hwcap\": \"0x%llx\",\n    \"hwcap2\": \"0x%llx\",\n",
               (unsigned long long)cpu.hwcap, (unsigned long long)cpu.hwcap2);
    } else if (strcmp(cpu.arch, "riscv64") == 0) {
        printf("    \"hwcap\": \"0x%llx\",\n    \"os_release\": \"%u.%u\",\n",
               (unsigned long long)cpu.hwcap, cpu.os_release / 1000, cpu.os_release % 1000);
    }
    printf("    \"features\": ");
    json_word_list(cpu.features);
    printf(",\n    \"usable_features\": ");
    json_word_list(cpu.usable_features);
    printf(",\n    \"prefers_256bit\": %s,\n    \"one_shuffle_port\": %s\n  },\n",
           cpu.prefers_256bit ? "true" : "false", cpu.one_shuffle_port ? "true" : "false");
    printf("  \"best\": \"%s\",\n  \"active\": \"%s\",\n  \"kernels\": [\n",
           adjeq_kernel_name(cpu.best), adjeq_kernel_name(cpu.active));
    const char *sep = "";
    for (unsigned k = 0; k < n; k++) {
        struct adjeq_kernel_status st;
        if (adjeq_get_kernel_status((enum adjeq_kernel)k, &st, sizeof st) != 0)
            continue; /* an unassigned value */
        printf("%s    {\"name\": \"%s\", \"compiled\": %s, \"supported\": %s, "
               "\"best\": %s, \"active\": %s, \"reason\": \"%s\", \"missing\": ",
               sep, st.name, st.compiled ? "true" : "false", st.supported ? "true" : "false",
               st.best ? "true" : "false", st.active ? "true" : "false",
               adjeq_kernel_reason_name(st.reason));
        json_word_list(st.missing);
        printf(", \"detail\": ");
        json_string(st.detail);
        printf("}");
        sep = ",\n";
    }
    printf("\n  ]\n}\n");
}

/* --- progress ------------------------------------------------------------- */

struct progress {
    const char *name;
    double start;
    double last_print;
    int printed;
};

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Only inputs that take a while get a line: none before 0.25 s, then at most
 * ten updates a second. */
static void show_progress(void *ctx, uint64_t done, uint64_t total) {
    struct progress *p = (struct progress *)ctx;
    double t = now_seconds();
    if (t - p->start < 0.25 || t - p->last_print < 0.1)
        return;
    p->last_print = t;
    p->printed = 1;
    double gb = (double)done / 1e9;
    double rate = gb / (t - p->start);
    if (total)
        fprintf(stderr, "\r\033[Kadjeq: %s: %.2f of %.2f GB (%.0f%%), %.2f GB/s", p->name, gb,
                (double)total / 1e9, 100.0 * (double)done / (double)total, rate);
    else
        fprintf(stderr, "\r\033[Kadjeq: %s: %.2f GB, %.2f GB/s", p->name, gb, rate);
}

/* --- counting ---------------------------------------------------------------- */

#ifdef _WIN32
/* Windows hands main() its arguments in the ANSI code page, which cannot
 * spell most names; the tool takes them from the UTF-16 command line as
 * UTF-8 instead, prints them as UTF-8 and opens files by their UTF-16 name. */
static wchar_t *to_utf16(const char *utf8) {
    int n = MultiByteToWideChar(CP_UTF8, 0, utf8, -1, NULL, 0);
    wchar_t *w = n > 0 ? (wchar_t *)malloc((size_t)n * sizeof *w) : NULL;
    if (w)
        MultiByteToWideChar(CP_UTF8, 0, utf8, -1, w, n);
    return w;
}

static char **utf8_arguments(int *argc) {
    wchar_t **wargv = CommandLineToArgvW(GetCommandLineW(), argc);
    char **argv = wargv ? (char **)calloc((size_t)*argc + 1, sizeof *argv) : NULL;
    if (!argv)
        return NULL;
    for (int i = 0; i < *argc; i++) {
        int n = WideCharToMultiByte(CP_UTF8, 0, wargv[i], -1, NULL, 0, NULL, NULL);
        argv[i] = n > 0 ? (char *)malloc((size_t)n) : NULL;
        if (!argv[i])
            return NULL;
        WideCharToMultiByte(CP_UTF8, 0, wargv[i], -1, argv[i], n, NULL, NULL);
    }
    LocalFree(wargv);
    return argv;
}

static int open_input(const char *name) {
    wchar_t *wname = to_utf16(name);
    if (!wname) {
        errno = ENOMEM;
        return -1;
    }
    int fd = _wopen(wname, O_RDONLY | O_BINARY);
    /* The C runtime reports a directory as EACCES. */
    struct _stat64 st;
    if (fd < 0 && errno == EACCES && _wstat64(wname, &st) == 0 && (st.st_mode & _S_IFDIR))
        errno = EISDIR;
    free(wname);
    return fd;
}
#else
static int open_input(const char *name) { return open(name, O_RDONLY); }
#endif

struct file_result {
    const char *name;
    struct tool_count count;
    const char *error; /* NULL when counted */
};

static void count_input(const char *name, const struct options *opt,
                        struct file_result *result) {
    int is_stdin = strcmp(name, "-") == 0;
    int fd = is_stdin ? STDIN_FILENO : open_input(name);
    result->name = name;
    result->error = NULL;
    if (fd < 0) {
        result->error = strerror(errno);
        return;
    }
    struct progress progress = {is_stdin ? "standard input" : name, now_seconds(), 0, 0};
    struct tool_count_options count_options = {opt->threads, NULL, NULL, 0, opt->utf8, 0};
    if (opt->progress && isatty(STDERR_FILENO)) {
        count_options.progress = show_progress;
        count_options.progress_ctx = &progress;
    }
    int err = tool_count_fd(fd, &count_options, &result->count);
    if (progress.printed)
        fputs("\r\033[K", stderr);
    if (err == TOOL_ERR_CHANGED)
        result->error = "file changed while reading";
    else if (err)
        result->error = strerror(err);
    if (!is_stdin)
        close(fd);
}

int main(int argc, char **argv) {
    enum { OPT_JSON = 256, OPT_UTF8 };
    static const struct option long_options[] = {
        {"kernel", required_argument, NULL, 'k'},
        {"list-kernels", no_argument, NULL, 'l'},
        {"threads", required_argument, NULL, 't'},
        {"json", no_argument, NULL, OPT_JSON},
        {"utf8", no_argument, NULL, OPT_UTF8},
        {"progress", no_argument, NULL, 'p'},
        {"version", no_argument, NULL, 'V'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
#ifdef _WIN32
    argv = utf8_arguments(&argc);
    if (!argv) {
        fputs("adjeq: cannot read the command line\n", stderr);
        return EXIT_USAGE;
    }
    SetConsoleOutputCP(CP_UTF8); /* a console shows the UTF-8 names right */
#endif
    struct options opt;
    memset(&opt, 0, sizeof opt);
    int status = 0;
    opterr = 0; /* our own messages, with the program's name spelled one way */
    int c;
    while ((c = getopt_long(argc, argv, ":k:lt:pVh", long_options, NULL)) != -1) {
        switch (c) {
        case 'k':
            opt.kernel = optarg;
            break;
        case 'l':
            opt.list_kernels = 1;
            break;
        case 't': {
            char *end;
            errno = 0;
            unsigned long n = strtoul(optarg, &end, 10);
            if (!*optarg || *end || errno || n > MAX_THREADS || optarg[0] == '-')
                return usage_error("invalid thread count '%s' (0 to 4096)", optarg);
            opt.threads = (unsigned)n;
            break;
        }
        case OPT_JSON:
            opt.json = 1;
            break;
        case OPT_UTF8:
            opt.utf8 = 1;
            break;
        case 'p':
            opt.progress = 1;
            break;
        case 'V':
            printf("adjeq %s (library %s)\n", ADJEQ_VERSION_STRING, adjeq_version());
            return finish_output(0);
        case 'h':
            print_help();
            return finish_output(0);
        case ':':
            /* BSD getopt (MinGW's) also answers ':' for an argument given to
             * a long option that takes none; glibc answers '?'. */
            if (strncmp(argv[optind - 1], "--", 2) != 0 || !strchr(argv[optind - 1], '='))
                return usage_error("option '%s' needs an argument", argv[optind - 1]);
            /* fall through */
        default: {
            /* A long option: getopt_long leaves in optopt the option's
             * value (not a character) when it was given an argument it does
             * not take, so name it from the command line. */
            const char *arg = argv[optind - 1];
            if (optind > 1 && strncmp(arg, "--", 2) == 0) {
                char name[64];
                size_t len = strcspn(arg, "=");
                if (len >= sizeof name)
                    len = sizeof name - 1;
                memcpy(name, arg, len);
                name[len] = '\0';
                if (arg[len] == '=' && is_long_option(long_options, name + 2))
                    return usage_error("option '%s' does not take an argument", name);
                return usage_error("unknown option '%s'", name);
            }
            if (optopt > 0 && optopt < 128) {
                char bad[3] = {'-', (char)optopt, '\0'};
                return usage_error("unknown option '%s'", bad);
            }
            return usage_error("unknown option '%s'", arg);
        }
        }
    }

    if (opt.kernel) {
        enum adjeq_kernel kernel;
        if (adjeq_kernel_from_name(opt.kernel, &kernel) != 0) {
            char names[256] = "";
            for (unsigned k = 0; k < adjeq_kernel_count(); k++) {
                const char *name = adjeq_kernel_name((enum adjeq_kernel)k);
                if (name) {
                    strcat(names, " ");
                    strcat(names, name);
                }
            }
            fprintf(stderr, "adjeq: unknown kernel '%s'; kernels:%s\n%s", opt.kernel, names,
                    usage_line);
            return EXIT_USAGE;
        }
        if (adjeq_set_kernel(kernel) != 0) {
            struct adjeq_kernel_status st;
            adjeq_get_kernel_status(kernel, &st, sizeof st);
            fprintf(stderr, "adjeq: kernel '%s' cannot run here: %s\n%s", opt.kernel,
                    st.detail, usage_line);
            return EXIT_USAGE;
        }
    }

    if (opt.list_kernels) {
        list_kernels(opt.json);
    } else {
        static char *const stdin_only[] = {"-"};
        int named = optind < argc;
        char *const *names = named ? argv + optind : stdin_only;
        size_t count = named ? (size_t)(argc - optind) : 1;
        struct file_result total = {"total", {0, 0}, NULL};
        if (opt.json)
            printf("{\"kernel\": \"%s\", \"mode\": \"%s\", \"files\": [",
                   adjeq_kernel_name(adjeq_active_kernel()), opt.utf8 ? "utf8" : "bytes");
        for (size_t i = 0; i < count; i++) {
            struct file_result r;
            count_input(names[i], &opt, &r);
            if (r.error) {
                fprintf(stderr, "adjeq: %s: %s\n",
                        strcmp(r.name, "-") == 0 ? "standard input" : r.name, r.error);
                status = EXIT_INPUT_ERROR;
            } else {
                total.count.bytes += r.count.bytes;
                total.count.count += r.count.count;
            }
            if (opt.json) {
                printf("%s\n  {\"name\": ", i ? "," : "");
                json_string(r.name);
                if (r.error) {
                    printf(", \"error\": ");
                    json_string(r.error);
                    printf("}");
                } else {
                    printf(", \"bytes\": %llu, \"count\": %llu}",
                           (unsigned long long)r.count.bytes,
                           (unsigned long long)r.count.count);
                }
            } else if (!r.error) {
                if (named)
                    printf("%llu %s\n", (unsigned long long)r.count.count, r.name);
                else
                    printf("%llu\n", (unsigned long long)r.count.count);
            }
            /* Show each result as soon as it is known, as wc does. */
            fflush(stdout);
        }
        if (opt.json)
            printf("\n], \"total\": {\"bytes\": %llu, \"count\": %llu}}\n",
                   (unsigned long long)total.count.bytes,
                   (unsigned long long)total.count.count);
        else if (count > 1)
            printf("%llu total\n", (unsigned long long)total.count.count);
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "adjeq: write error: %s\n", strerror(errno));
        status = EXIT_INPUT_ERROR;
    }
    return status;
}
