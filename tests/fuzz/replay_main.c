/*
 * A main() for fuzz targets without libFuzzer: feeds each file named on the
 * command line (or each file in a named directory) to LLVMFuzzerTestOneInput
 * once. Built with every compiler, so the committed seed corpus runs in the
 * quick tier natively, under valgrind, sanitizers and emulators too.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *input, size_t size);

static int replay_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return -1;
    }
    uint8_t *bytes = NULL;
    size_t size = 0, cap = 0;
    for (;;) {
        if (size == cap) {
            cap = cap ? 2 * cap : 4096;
            uint8_t *grown = (uint8_t *)realloc(bytes, cap);
            if (!grown) {
                free(bytes);
                fclose(f);
                return -1;
            }
            bytes = grown;
        }
        size_t got = fread(bytes + size, 1, cap - size, f);
        size += got;
        if (got == 0)
            break;
    }
    int failed = ferror(f);
    fclose(f);
    /* An exactly sized copy, as libFuzzer passes it. */
    uint8_t *input = (uint8_t *)malloc(size ? size : 1);
    if (input && size)
        memcpy(input, bytes, size);
    free(bytes);
    if (failed || !input) {
        free(input);
        return -1;
    }
    LLVMFuzzerTestOneInput(input, size);
    free(input);
    return 0;
}

int main(int argc, char **argv) {
    unsigned replayed = 0;
    for (int a = 1; a < argc; a++) {
        struct stat st;
        if (stat(argv[a], &st) != 0) {
            perror(argv[a]);
            return 1;
        }
        if (!S_ISDIR(st.st_mode)) {
            if (replay_file(argv[a]) != 0)
                return 1;
            replayed++;
            continue;
        }
        DIR *dir = opendir(argv[a]);
        if (!dir) {
            perror(argv[a]);
            return 1;
        }
        for (struct dirent *e; (e = readdir(dir)) != NULL;) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", argv[a], e->d_name);
            if (e->d_name[0] == '.' || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
                continue;
            if (replay_file(path) != 0)
                return 1;
            replayed++;
        }
        closedir(dir);
    }
    printf("replayed %u inputs\n", replayed);
    /* No input at all would make this test pass vacuously. */
    return replayed ? 0 : 1;
}
