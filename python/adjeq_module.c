/*
 * The CPython extension module `adjeq._adjeq`, re-exported by the package
 * `adjeq` (python/src/adjeq/__init__.py).
 *
 * count_doubles() reads a str's PEP 393 storage in place (1-, 2- or 4-byte
 * units, one code point each, so comparing units is comparing code points)
 * and any buffer in place: a contiguous lane goes straight to the library,
 * a strided one is copied a chunk at a time into a small scratch buffer.
 * numpy is optional: it is imported only to build array results.
 *
 * The module links its own static copy of the library, so set_kernel() only
 * affects this module, never another user of libadjeq in the process.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "adjeq.h"

/* Once released, the GIL may go to another thread, and taking it back can
 * mean waiting for that thread. Below this size the count takes only a few
 * microseconds at memory speed, which is not worth that risk. */
#define RELEASE_GIL_BYTES ((size_t)64 * 1024)

/* A count over n units of unit_size bytes (1, 2 or 4). */
static size_t count_units(const void *data, size_t n, size_t unit_size) {
    switch (unit_size) {
    case 1:
        return adjeq_count(data, n);
    case 2:
        return adjeq_count_u16(data, n);
    default:
        return adjeq_count_u32(data, n);
    }
}

/* --- item types and what == means for them ------------------------------ */

enum item_kind {
    KIND_INT,      /* integers of 1, 2, 4 or 8 bytes: equal iff equal bytes */
    KIND_BOOL,     /* one byte, compared by truth value */
    KIND_F16,      /* IEEE binary16 */
    KIND_F32,
    KIND_F64,
    KIND_LDOUBLE,  /* C long double (numpy longdouble) */
    KIND_C64,      /* complex: both parts equal, as IEEE floats */
    KIND_C128,
    KIND_CLDOUBLE,
    KIND_DATETIME  /* numpy datetime64 / timedelta64: int64, NaT equals nothing */
};

struct item_type {
    enum item_kind kind;
    size_t size;      /* bytes per item */
    size_t swap_unit; /* 0, or the size of each part stored in the other byte order */
};

/* Booleans count by truth value: numpy stores True as 1, but a buffer cast
 * to '?' may hold any non-zero byte, and 0x01 and 0x02 are both True. Each
 * chunk is normalised to 0/1 in a small buffer and counted there; the pair
 * across chunk edges is added by hand. */
static size_t count_bools(const uint8_t *data, size_t n) {
    enum { CHUNK = 16384 };
    uint8_t norm[CHUNK];
    size_t count = 0;
    for (size_t done = 0; done < n;) {
        size_t len = n - done < CHUNK ? n - done : CHUNK;
        for (size_t i = 0; i < len; i++)
            norm[i] = data[done + i] != 0;
        count += adjeq_count(norm, len);
        if (done > 0)
            count += (data[done - 1] != 0) == (data[done] != 0);
        done += len;
    }
    return count;
}

/* binary16 by IEEE equality on the 16-bit kernel: each chunk is normalised
 * so that equal bits mean equal values. -0 becomes +0; every NaN becomes one
 * of two NaN patterns chosen by the parity of its position, so adjacent NaNs
 * always differ and no number equals either pattern. */
static size_t count_f16(const unsigned char *data, size_t n) {
    enum { CHUNK = 8192 };
    uint16_t norm[CHUNK];
    size_t count = 0;
    uint16_t prev = 0;
    for (size_t done = 0; done < n;) {
        size_t len = n - done < CHUNK ? n - done : CHUNK;
        for (size_t i = 0; i < len; i++) {
            uint16_t h;
            memcpy(&h, data + 2 * (done + i), 2);
            uint16_t mag = (uint16_t)(h & 0x7fff);
            h = mag == 0 ? 0 : h;
            h = mag > 0x7c00 ? (uint16_t)(0x7e00 | ((done + i) & 1)) : h;
            norm[i] = h;
        }
        count += adjeq_count_u16(norm, len);
        if (done > 0)
            count += prev == norm[0];
        prev = norm[len - 1];
        done += len;
    }
    return count;
}

/* numpy's NaT is INT64_MIN, and NaT == NaT is False: the 64-bit kernel
 * counts equal bits, so adjacent NaT pairs are taken off again. */
static size_t count_datetimes(const unsigned char *data, size_t n) {
    const uint64_t nat = (uint64_t)1 << 63;
    size_t count = adjeq_count_u64(data, n);
    size_t nat_pairs = 0;
    unsigned prev = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t v;
        memcpy(&v, data + 8 * i, 8);
        unsigned is_nat = v == nat;
        nat_pairs += prev & is_nat;
        prev = is_nat;
    }
    return count - nat_pairs;
}

/* Complex numbers and long doubles: no kernel, a plain loop with C's ==
 * (IEEE for the parts, as numpy compares them). */
#define DEFINE_COUNT_LOOP(name, type, parts)                                  \
    static size_t name(const unsigned char *data, size_t n) {                 \
        size_t count = 0;                                                     \
        type prev[parts], cur[parts];                                         \
        for (size_t i = 0; i < n; i++) {                                      \
            memcpy(cur, data + i * sizeof cur, sizeof cur);                   \
            if (i > 0) {                                                      \
                int equal = 1;                                                \
                for (int p = 0; p < parts; p++)                               \
                    equal &= prev[p] == cur[p];                               \
                count += (size_t)equal;                                       \
            }                                                                 \
            memcpy(prev, cur, sizeof cur);                                    \
        }                                                                     \
        return count;                                                         \
    }
DEFINE_COUNT_LOOP(count_ldoubles, long double, 1)
DEFINE_COUNT_LOOP(count_c64, float, 2)
DEFINE_COUNT_LOOP(count_c128, double, 2)
DEFINE_COUNT_LOOP(count_cldoubles, long double, 2)

/* n items stored one after the other, in native byte order. */
static size_t count_contiguous(const struct item_type *t, const void *data,
                               size_t n) {
    const unsigned char *p = (const unsigned char *)data;
    switch (t->kind) {
    case KIND_INT:
        switch (t->size) {
        case 1:
            return adjeq_count(p, n);
        case 2:
            return adjeq_count_u16(p, n);
        case 4:
            return adjeq_count_u32(p, n);
        default:
            return adjeq_count_u64(p, n);
        }
    case KIND_BOOL:
        return count_bools(p, n);
    case KIND_F16:
        return count_f16(p, n);
    case KIND_F32:
        return adjeq_count_f32(p, n);
    case KIND_F64:
        return adjeq_count_f64(p, n);
    case KIND_LDOUBLE:
        return count_ldoubles(p, n);
    case KIND_C64:
        return count_c64(p, n);
    case KIND_C128:
        return count_c128(p, n);
    case KIND_CLDOUBLE:
        return count_cldoubles(p, n);
    case KIND_DATETIME:
        return count_datetimes(p, n);
    }
    return 0;
}

/* Copies n items src[0], src[stride], ... to dst, into native byte order. */
static void gather(const struct item_type *t, const char *src,
                   Py_ssize_t stride, size_t n, unsigned char *dst) {
    for (size_t i = 0; i < n; i++, src += stride, dst += t->size) {
        if (!t->swap_unit) {
            memcpy(dst, src, t->size);
            continue;
        }
        for (size_t part = 0; part < t->size; part += t->swap_unit)
            for (size_t b = 0; b < t->swap_unit; b++)
                dst[part + b] = (unsigned char)src[part + t->swap_unit - 1 - b];
    }
}

/* Bytes of the scratch buffer a strided lane is copied through. */
#define SCRATCH_BYTES ((size_t)64 * 1024)

/* Doubles in the lane p[0], p[stride], ... of n items. A contiguous lane
 * (either direction: the count does not depend on it) is counted in place;
 * any other is copied a chunk at a time, each chunk starting with the last
 * item of the one before so that the pair across the edge is counted. */
static size_t count_lane(const struct item_type *t, const char *p, size_t n,
                         Py_ssize_t stride, unsigned char *scratch) {
    if (n < 2)
        return 0;
    if (!t->swap_unit) {
        if (stride == (Py_ssize_t)t->size)
            return count_contiguous(t, p, n);
        if (stride == -(Py_ssize_t)t->size)
            return count_contiguous(t, p + (Py_ssize_t)(n - 1) * stride, n);
    }
    size_t chunk = SCRATCH_BYTES / t->size, count = 0;
    for (size_t start = 0; start + 1 < n; start += chunk - 1) {
        size_t len = n - start < chunk ? n - start : chunk;
        gather(t, p + (Py_ssize_t)start * stride, stride, len, scratch);
        count += count_contiguous(t, scratch, len);
    }
    return count;
}

/* 1 if the items at a and b are equal. */
static size_t items_equal(const struct item_type *t, const char *a,
                          const char *b) {
    unsigned char pair[64];
    gather(t, a, 0, 1, pair);
    gather(t, b, 0, 1, pair + t->size);
    return count_contiguous(t, pair, 2);
}

/* Counts every lane of v along `axis`, the lanes in C order of the other
 * axes; stores each lane's count in out (if not NULL) and returns the sum.
 * With `flat` (axis is the last one) it also counts the pairs that join one
 * lane to the next, so the sum is the count over v flattened in C order.
 * Needs no Python: runs without the GIL. */
static size_t count_lanes(const struct item_type *t, const Py_buffer *v,
                          int axis, int flat, int64_t *out,
                          unsigned char *scratch) {
    Py_ssize_t index[PyBUF_MAX_NDIM] = {0};
    size_t lanes = 1, total = 0;
    for (int d = 0; d < v->ndim; d++)
        if (d != axis)
            lanes *= (size_t)v->shape[d];
    size_t n = (size_t)v->shape[axis];
    Py_ssize_t stride = v->strides[axis];
    const char *lane = (const char *)v->buf, *prev_last = NULL;
    for (size_t l = 0; l < lanes; l++) {
        size_t count = count_lane(t, lane, n, stride, scratch);
        if (flat && n > 0) {
            if (prev_last)
                count += items_equal(t, prev_last, lane);
            prev_last = lane + (Py_ssize_t)(n - 1) * stride;
        }
        if (out)
            out[l] = (int64_t)count;
        total += count;
        for (int d = v->ndim - 1; d >= 0; d--) {
            if (d == axis)
                continue;
            if (++index[d] < v->shape[d]) {
                lane += v->strides[d];
                break;
            }
            index[d] = 0;
            lane -= (v->shape[d] - 1) * v->strides[d];
        }
    }
    return total;
}

/* Bytes of one row of a group of lanes (below): a few cache lines. */
#define GROUP_ROW_BYTES 256

/* Per-lane counts along a strided axis of a buffer whose last axis is
 * contiguous and is not `axis` (per-column counts of a C-order array). One
 * lane at a time would read a whole cache line for each item; instead the
 * lanes that are neighbours along the last axis are copied together, a row
 * of up to GROUP_ROW_BYTES at a time, into one scratch lane each, so every
 * cache line is read once. Chunks overlap by one item as in count_lane(). The
 * lanes of the last axis are the innermost of the other axes, so their counts
 * are neighbours in out too. */
static void count_lane_groups(const struct item_type *t, const Py_buffer *v,
                              int axis, int64_t *out, unsigned char *scratch) {
    Py_ssize_t index[PyBUF_MAX_NDIM] = {0};
    int last = v->ndim - 1;
    size_t width = (size_t)v->shape[last], outer = 1;
    for (int d = 0; d < last; d++)
        if (d != axis)
            outer *= (size_t)v->shape[d];
    size_t n = (size_t)v->shape[axis];
    Py_ssize_t stride = v->strides[axis];
    size_t max_group = GROUP_ROW_BYTES / t->size ? GROUP_ROW_BYTES / t->size : 1;
    const char *base = (const char *)v->buf;
    for (size_t o = 0; o < outer; o++, out += width) {
        for (size_t first = 0; first < width; first += max_group) {
            size_t group = width - first < max_group ? width - first : max_group;
            size_t chunk = SCRATCH_BYTES / (group * t->size);
            const char *lanes = base + (Py_ssize_t)first * v->strides[last];
            for (size_t k = 0; k < group; k++)
                out[first + k] = 0;
            for (size_t start = 0; start + 1 < n; start += chunk - 1) {
                size_t len = n - start < chunk ? n - start : chunk;
                for (size_t r = 0; r < len; r++) {
                    const char *row = lanes + (Py_ssize_t)(start + r) * stride;
                    for (size_t k = 0; k < group; k++)
                        gather(t, row + k * t->size, 0, 1,
                               scratch + (k * chunk + r) * t->size);
                }
                for (size_t k = 0; k < group; k++)
                    out[first + k] += (int64_t)count_contiguous(
                        t, scratch + k * chunk * t->size, len);
            }
        }
        for (int d = last - 1; d >= 0; d--) {
            if (d == axis)
                continue;
            if (++index[d] < v->shape[d]) {
                base += v->strides[d];
                break;
            }
            index[d] = 0;
            base -= (v->shape[d] - 1) * v->strides[d];
        }
    }
}

/* The item type of a buffer from its struct-module format and item size.
 * Integers compare equal exactly when their bytes do, whatever the byte
 * order; floats and datetimes are read in native order. 0, or -1 with a
 * TypeError. */
static int item_type_of(const Py_buffer *v, int datetime,
                        struct item_type *t) {
    const char *f = v->format ? v->format : "B";
    int swap = 0;
    switch (*f) {
    case '@':
    case '=':
        f++;
        break;
    case '<':
        swap = !PY_LITTLE_ENDIAN;
        f++;
        break;
    case '>':
    case '!':
        swap = PY_LITTLE_ENDIAN;
        f++;
        break;
    default:
        break;
    }
    size_t size = (size_t)v->itemsize;
    t->size = size;
    t->swap_unit = 0;
    int single = f[0] != '\0' && f[1] == '\0';
    if (single && strchr("bBhHiIlLqQnNc", f[0]) &&
        (size == 1 || size == 2 || size == 4 || size == 8)) {
        t->kind = datetime && size == 8 ? KIND_DATETIME : KIND_INT;
        t->swap_unit = swap && t->kind == KIND_DATETIME ? 8 : 0;
        return 0;
    }
    if (!datetime) {
        t->swap_unit = swap ? size : 0;
        if (single && f[0] == '?' && size == 1) {
            t->kind = KIND_BOOL;
            t->swap_unit = 0;
            return 0;
        }
        if (single && f[0] == 'e' && size == 2) {
            t->kind = KIND_F16;
            return 0;
        }
        if (single && f[0] == 'f' && size == 4) {
            t->kind = KIND_F32;
            return 0;
        }
        if (single && f[0] == 'd' && size == 8) {
            t->kind = KIND_F64;
            return 0;
        }
        if (single && f[0] == 'g' && size == sizeof(long double) && !swap) {
            t->kind = KIND_LDOUBLE;
            return 0;
        }
        if (f[0] == 'Z' && f[1] != '\0' && f[2] == '\0') {
            t->swap_unit = swap ? size / 2 : 0;
            if (f[1] == 'f' && size == 8) {
                t->kind = KIND_C64;
                return 0;
            }
            if (f[1] == 'd' && size == 16) {
                t->kind = KIND_C128;
                return 0;
            }
            if (f[1] == 'g' && size == 2 * sizeof(long double) && !swap) {
                t->kind = KIND_CLDOUBLE;
                return 0;
            }
        }
    }
    PyErr_Format(PyExc_TypeError,
                 "count_doubles() counts buffers of integers, booleans, "
                 "floats and complex numbers (numpy's numeric dtypes, in "
                 "either byte order; long double only in native order), "
                 "not format '%s' with item size %zd; "
                 "memoryview(x).cast('B') counts its bytes",
                 v->format ? v->format : "B", v->itemsize);
    return -1;
}

/* --- results ------------------------------------------------------------- */

/* An int64 result of a given shape: a numpy array (a numpy int64 for shape
 * (), as numpy's reductions give), or nested lists of ints where numpy
 * cannot be imported. */
struct result {
    PyObject *array; /* the numpy array, or NULL */
    Py_buffer view;  /* its buffer, which data points into */
    int64_t *data;   /* the items in C order */
    int64_t *own;    /* data, when there is no numpy */
    int ndim;
    Py_ssize_t shape[PyBUF_MAX_NDIM];
};

static int result_init(struct result *r, int ndim, const Py_ssize_t *shape) {
    memset(r, 0, sizeof *r);
    r->ndim = ndim;
    size_t items = 1;
    for (int d = 0; d < ndim; d++) {
        r->shape[d] = shape[d];
        items *= (size_t)shape[d];
    }
    PyObject *numpy = PyImport_ImportModule("numpy");
    if (!numpy) {
        if (!PyErr_ExceptionMatches(PyExc_ImportError))
            return -1;
        PyErr_Clear();
        r->own = PyMem_Malloc(items ? items * sizeof *r->own : 1);
        if (!r->own) {
            PyErr_NoMemory();
            return -1;
        }
        r->data = r->own;
        return 0;
    }
    PyObject *dims = PyTuple_New(ndim);
    for (int d = 0; dims && d < ndim; d++) {
        PyObject *dim = PyLong_FromSsize_t(shape[d]);
        if (!dim) {
            Py_CLEAR(dims);
            break;
        }
        PyTuple_SET_ITEM(dims, d, dim);
    }
    if (dims)
        r->array = PyObject_CallMethod(numpy, "empty", "(Os)", dims, "int64");
    Py_XDECREF(dims);
    Py_DECREF(numpy);
    if (!r->array)
        return -1;
    if (PyObject_GetBuffer(r->array, &r->view,
                           PyBUF_WRITABLE | PyBUF_C_CONTIGUOUS) < 0) {
        Py_CLEAR(r->array);
        return -1;
    }
    r->data = (int64_t *)r->view.buf;
    return 0;
}

static void result_discard(struct result *r) {
    if (r->array) {
        PyBuffer_Release(&r->view);
        Py_CLEAR(r->array);
    }
    PyMem_Free(r->own);
    r->own = NULL;
}

static PyObject *nested_lists(const int64_t **data, int ndim,
                              const Py_ssize_t *shape) {
    if (ndim == 0)
        return PyLong_FromLongLong(*(*data)++);
    PyObject *list = PyList_New(shape[0]);
    for (Py_ssize_t i = 0; list && i < shape[0]; i++) {
        PyObject *item = nested_lists(data, ndim - 1, shape + 1);
        if (!item) {
            Py_CLEAR(list);
            break;
        }
        PyList_SET_ITEM(list, i, item);
    }
    return list;
}

/* The finished result object; r is released either way. */
static PyObject *result_finish(struct result *r) {
    PyObject *out;
    if (r->array) {
        PyBuffer_Release(&r->view);
        if (r->ndim > 0)
            return r->array;
        PyObject *index = PyTuple_New(0);
        out = index ? PyObject_GetItem(r->array, index) : NULL;
        Py_XDECREF(index);
        Py_CLEAR(r->array);
        return out;
    }
    const int64_t *data = r->own;
    out = nested_lists(&data, r->ndim, r->shape);
    PyMem_Free(r->own);
    r->own = NULL;
    return out;
}

/* --- count_doubles -------------------------------------------------------- */

static int normalize_axis(PyObject *axis_obj, int ndim, int *axis) {
    Py_ssize_t a = PyNumber_AsSsize_t(axis_obj, PyExc_OverflowError);
    if (a == -1 && PyErr_Occurred())
        return -1;
    if (a < -ndim || a >= ndim) {
        PyErr_Format(PyExc_ValueError,
                     "axis %zd is out of bounds for an array of dimension %d",
                     a, ndim);
        return -1;
    }
    *axis = (int)(a < 0 ? a + ndim : a);
    return 0;
}

/* A count of a 1-D input (str) as count_doubles(x, axis) returns it. */
static PyObject *wrap_1d_count(size_t count, PyObject *axis_obj) {
    int axis;
    if (axis_obj == Py_None)
        return PyLong_FromSize_t(count);
    if (normalize_axis(axis_obj, 1, &axis) < 0)
        return NULL;
    struct result r;
    if (result_init(&r, 0, NULL) < 0)
        return NULL;
    r.data[0] = (int64_t)count;
    return result_finish(&r);
}

static PyObject *count_str(PyObject *str, PyObject *axis_obj) {
#if PY_VERSION_HEX < 0x030C0000
    /* Strings made by the deprecated wchar_t API get their PEP 393 form
     * here; a no-op for every other string (and removed in 3.12). */
    if (PyUnicode_READY(str) < 0)
        return NULL;
#endif
    const void *data = PyUnicode_DATA(str);
    size_t n = (size_t)PyUnicode_GET_LENGTH(str);
    size_t unit_size = (size_t)PyUnicode_KIND(str), count;
    /* The data stays valid without the GIL: the caller holds a reference to
     * the str, which is immutable. */
    if (n * unit_size < RELEASE_GIL_BYTES) {
        count = count_units(data, n, unit_size);
    } else {
        Py_BEGIN_ALLOW_THREADS
        count = count_units(data, n, unit_size);
        Py_END_ALLOW_THREADS
    }
    return wrap_1d_count(count, axis_obj);
}

/* numpy exports no buffer for datetime64 and timedelta64 (dtype kinds 'M'
 * and 'm'): their int64 view in the same byte order (new reference), or
 * Py_None for any other object, or NULL with an exception. */
static PyObject *datetime_view(PyObject *obj) {
    if (PyBytes_Check(obj) || PyByteArray_Check(obj) || PyMemoryView_Check(obj))
        Py_RETURN_NONE;
    PyObject *dtype = PyObject_GetAttrString(obj, "dtype");
    if (!dtype) {
        PyErr_Clear();
        Py_RETURN_NONE;
    }
    PyObject *kind = PyObject_GetAttrString(dtype, "kind");
    PyObject *str = kind ? PyObject_GetAttrString(dtype, "str") : NULL;
    PyObject *out = NULL;
    if (!str) {
        PyErr_Clear();
    } else if (PyUnicode_Check(kind) && PyUnicode_Check(str) &&
               PyUnicode_GET_LENGTH(str) > 0 &&
               (PyUnicode_CompareWithASCIIString(kind, "M") == 0 ||
                PyUnicode_CompareWithASCIIString(kind, "m") == 0)) {
        char int64[4] = {(char)PyUnicode_READ_CHAR(str, 0), 'i', '8', '\0'};
        out = PyObject_CallMethod(obj, "view", "s", int64);
        if (!out) {
            Py_XDECREF(str);
            Py_XDECREF(kind);
            Py_DECREF(dtype);
            return NULL;
        }
    }
    Py_XDECREF(str);
    Py_XDECREF(kind);
    Py_DECREF(dtype);
    if (!out)
        Py_RETURN_NONE;
    return out;
}

static PyObject *count_buffer(PyObject *obj, PyObject *axis_obj) {
    PyObject *owner = datetime_view(obj);
    if (!owner)
        return NULL;
    int datetime = owner != Py_None;
    if (!datetime) {
        Py_DECREF(owner);
        owner = obj;
        Py_INCREF(owner);
    }
    Py_buffer view;
    /* Strides and format: any layout and item type is read in place. */
    if (PyObject_GetBuffer(owner, &view, PyBUF_RECORDS_RO) < 0) {
        Py_DECREF(owner);
        return NULL;
    }
    PyObject *result = NULL;
    unsigned char *scratch = NULL;
    struct item_type t;
    int axis = -1;
    if (item_type_of(&view, datetime, &t) < 0)
        goto done;
    if (axis_obj != Py_None && normalize_axis(axis_obj, view.ndim, &axis) < 0)
        goto done;
    /* The buffer export pins the memory while the GIL is released. */
    int release = (size_t)view.len >= RELEASE_GIL_BYTES;
    int in_place = view.ndim == 0 ||
                   (!t.swap_unit && PyBuffer_IsContiguous(&view, 'C'));
    if (axis_obj == Py_None && in_place) {
        size_t n = view.ndim == 0 ? 0 : (size_t)(view.len / view.itemsize);
        size_t count;
        if (!release) {
            count = count_contiguous(&t, view.buf, n);
        } else {
            Py_BEGIN_ALLOW_THREADS
            count = count_contiguous(&t, view.buf, n);
            Py_END_ALLOW_THREADS
        }
        result = PyLong_FromSize_t(count);
        goto done;
    }
    scratch = PyMem_Malloc(SCRATCH_BYTES);
    if (!scratch) {
        PyErr_NoMemory();
        goto done;
    }
    if (axis_obj == Py_None) {
        size_t count;
        if (!release) {
            count = count_lanes(&t, &view, view.ndim - 1, 1, NULL, scratch);
        } else {
            Py_BEGIN_ALLOW_THREADS
            count = count_lanes(&t, &view, view.ndim - 1, 1, NULL, scratch);
            Py_END_ALLOW_THREADS
        }
        result = PyLong_FromSize_t(count);
        goto done;
    }
    Py_ssize_t shape[PyBUF_MAX_NDIM];
    for (int d = 0, o = 0; d < view.ndim; d++)
        if (d != axis)
            shape[o++] = view.shape[d];
    struct result r;
    if (result_init(&r, view.ndim - 1, shape) < 0)
        goto done;
    /* r.data belongs to a new array no other code can reach yet. */
    int last = view.ndim - 1;
    int grouped = axis != last && view.shape[last] > 1 &&
                  view.strides[last] == (Py_ssize_t)t.size;
    if (!release) {
        if (grouped)
            count_lane_groups(&t, &view, axis, r.data, scratch);
        else
            count_lanes(&t, &view, axis, 0, r.data, scratch);
    } else {
        Py_BEGIN_ALLOW_THREADS
        if (grouped)
            count_lane_groups(&t, &view, axis, r.data, scratch);
        else
            count_lanes(&t, &view, axis, 0, r.data, scratch);
        Py_END_ALLOW_THREADS
    }
    result = result_finish(&r);
done:
    PyMem_Free(scratch);
    PyBuffer_Release(&view);
    Py_DECREF(owner);
    return result;
}

static PyObject *count_any(PyObject *obj, PyObject *axis_obj) {
    if (PyUnicode_Check(obj))
        return count_str(obj, axis_obj);
    if (PyObject_CheckBuffer(obj))
        return count_buffer(obj, axis_obj);
    PyErr_Format(PyExc_TypeError,
                 "count_doubles() takes a str or a bytes-like object "
                 "(buffer protocol), not '%s'",
                 Py_TYPE(obj)->tp_name);
    return NULL;
}

PyDoc_STRVAR(count_doubles_doc,
"count_doubles($module, obj, /, axis=None)\n"
"--\n"
"\n"
"Number of doubles in obj: positions i with obj[i] == obj[i + 1].\n"
"\n"
"str: adjacent-equal code points, read in place from the string's own\n"
"storage (no copy, no encoding); the same answer as\n"
"sum(a == b for a, b in zip(s, s[1:])) for every string.\n"
"\n"
"Objects with the buffer protocol (bytes, bytearray, memoryview, array,\n"
"numpy arrays) and numpy datetime64 / timedelta64 arrays: adjacent items\n"
"equal as numpy's == says, so numpy.count_nonzero(a[1:] == a[:-1]):\n"
"integers and booleans (by truth value), float16/32/64, long double and\n"
"complex by IEEE equality (NaN equals nothing, -0.0 equals 0.0), NaT\n"
"equals nothing. Contiguous data is read in place; strided data (slices,\n"
"Fortran order) is copied a small chunk at a time.\n"
"\n"
"axis=None counts the array flattened in C order and returns an int. An\n"
"integer axis (negative counts from the end) counts each lane along that\n"
"axis and returns a numpy int64 array of the shape without that axis (a\n"
"numpy int64 for a 1-D input; nested lists and ints without numpy).\n"
"\n"
"Raises TypeError for any other object or item type, ValueError for an\n"
"axis out of range. Releases the GIL for inputs of 64 KiB and more, so\n"
"threads can count in parallel.");

static PyObject *py_count_doubles(PyObject *module, PyObject *const *args,
                                  Py_ssize_t nargs, PyObject *kwnames) {
    (void)module;
    Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    if (nargs < 1 || nargs + nkw > 2) {
        PyErr_Format(PyExc_TypeError,
                     "count_doubles() takes an object and an optional axis "
                     "(%zd arguments given)", nargs + nkw);
        return NULL;
    }
    PyObject *axis = nargs == 2 ? args[1] : Py_None;
    if (nkw == 1) {
        PyObject *name = PyTuple_GET_ITEM(kwnames, 0);
        if (!PyUnicode_Check(name) ||
            PyUnicode_CompareWithASCIIString(name, "axis") != 0) {
            PyErr_Format(PyExc_TypeError,
                         "count_doubles() got an unexpected keyword "
                         "argument %R", name);
            return NULL;
        }
        axis = args[nargs];
    }
    return count_any(args[0], axis);
}

/* --- count_doubles_many --------------------------------------------------- */

/* One item to count without the GIL: unit_size 0 means already counted. */
struct many_item {
    const void *data;
    size_t n;
    size_t unit_size;
};

/* Items are gathered and counted a chunk at a time: a chunk's objects (about
 * 80 bytes each for short strings) are still in cache when they are counted,
 * where gathering a million first would read every object twice from
 * memory; and one release of the GIL per chunk costs well under a
 * nanosecond an item. */
#define MANY_CHUNK 512

PyDoc_STRVAR(count_doubles_many_doc,
"count_doubles_many($module, items, /)\n"
"--\n"
"\n"
"count_doubles(x) for every x in items (any iterable), in one call: a\n"
"numpy int64 array (a list of ints without numpy).\n"
"\n"
"str and bytes items (the common case) are counted without the GIL, a\n"
"chunk of items at a time; any other item (bytearray, memoryview, numpy\n"
"arrays, ...) is counted on the way, as count_doubles(x) counts it.\n"
"TypeError names the first item that is not a str or a bytes-like object;\n"
"RuntimeError if another thread resizes the list while it is counted.");

/* Fills *w from item, or counts it (w->unit_size 0, *counted set); -1 with
 * an exception set. */
static int many_gather(PyObject *item, Py_ssize_t i, struct many_item *w,
                       int64_t *counted) {
    if (PyUnicode_Check(item)) {
#if PY_VERSION_HEX < 0x030C0000
        if (PyUnicode_READY(item) < 0)
            return -1;
#endif
        w->data = PyUnicode_DATA(item);
        w->n = (size_t)PyUnicode_GET_LENGTH(item);
        w->unit_size = (size_t)PyUnicode_KIND(item);
        return 0;
    }
    if (PyBytes_Check(item)) {
        w->data = PyBytes_AS_STRING(item);
        w->n = (size_t)PyBytes_GET_SIZE(item);
        w->unit_size = 1;
        return 0;
    }
    if (PyObject_CheckBuffer(item)) {
        /* Mutable or typed: counted now, under the GIL. */
        PyObject *count = count_buffer(item, Py_None);
        if (!count)
            return -1;
        long long value = PyLong_AsLongLong(count);
        Py_DECREF(count);
        if (value == -1 && PyErr_Occurred())
            return -1;
        *counted = value;
        w->unit_size = 0;
        return 0;
    }
    PyErr_Format(PyExc_TypeError,
                 "count_doubles_many() takes str or bytes-like items; item "
                 "%zd is '%s'", i, Py_TYPE(item)->tp_name);
    return -1;
}

static PyObject *py_count_doubles_many(PyObject *module, PyObject *iterable) {
    (void)module;
    /* A list or tuple as it is (any other iterable becomes a list). */
    PyObject *seq = PySequence_Fast(iterable, "count_doubles_many() takes an iterable");
    if (!seq)
        return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    struct many_item work[MANY_CHUNK];
    PyObject *held[MANY_CHUNK];
    struct result r;
    if (result_init(&r, 1, &n) < 0) {
        Py_DECREF(seq);
        return NULL;
    }
    for (Py_ssize_t start = 0; start < n; start += MANY_CHUNK) {
        /* The GIL was released since the last chunk: a list may have
         * changed. The chunk's items are held, so they outlive any removal. */
        if (PySequence_Fast_GET_SIZE(seq) != n) {
            PyErr_SetString(PyExc_RuntimeError,
                            "count_doubles_many(): the list changed size while "
                            "it was counted");
            goto fail;
        }
        Py_ssize_t m = n - start < MANY_CHUNK ? n - start : MANY_CHUNK;
        PyObject **items = PySequence_Fast_ITEMS(seq) + start;
        size_t bytes = 0;
        for (Py_ssize_t i = 0; i < m; i++) {
            held[i] = items[i];
            Py_INCREF(held[i]);
            if (many_gather(held[i], start + i, &work[i], &r.data[start + i]) < 0) {
                for (Py_ssize_t j = 0; j <= i; j++)
                    Py_DECREF(held[j]);
                goto fail;
            }
            bytes += work[i].n * work[i].unit_size;
        }
        if (bytes < RELEASE_GIL_BYTES / 16) {
            for (Py_ssize_t i = 0; i < m; i++)
                if (work[i].unit_size)
                    r.data[start + i] = (int64_t)count_units(work[i].data, work[i].n,
                                                             work[i].unit_size);
        } else {
            Py_BEGIN_ALLOW_THREADS
            for (Py_ssize_t i = 0; i < m; i++)
                if (work[i].unit_size)
                    r.data[start + i] = (int64_t)count_units(work[i].data, work[i].n,
                                                             work[i].unit_size);
            Py_END_ALLOW_THREADS
        }
        for (Py_ssize_t i = 0; i < m; i++)
            Py_DECREF(held[i]);
    }
    Py_DECREF(seq);
    return result_finish(&r);
fail:
    result_discard(&r);
    Py_DECREF(seq);
    return NULL;
}

/* --- count_doubles_utf8 --------------------------------------------------- */

PyDoc_STRVAR(count_doubles_utf8_doc,
"count_doubles_utf8($module, data, /)\n"
"--\n"
"\n"
"Doubles among the code points of UTF-8 bytes (any C-contiguous\n"
"bytes-like object), counted without decoding: the same answer as\n"
"count_doubles(data.decode('utf-8', 'surrogateescape')). An invalid byte\n"
"is a unit of its own, equal only to the same invalid byte. Releases the\n"
"GIL for inputs of 64 KiB and more.");

static PyObject *py_count_doubles_utf8(PyObject *module, PyObject *obj) {
    (void)module;
    if (PyUnicode_Check(obj)) {
        PyErr_SetString(PyExc_TypeError,
                        "count_doubles_utf8() takes UTF-8 bytes; a str is "
                        "already decoded (count_doubles(s) counts its code "
                        "points)");
        return NULL;
    }
    Py_buffer view;
    if (PyObject_GetBuffer(obj, &view, PyBUF_C_CONTIGUOUS) < 0)
        return NULL;
    size_t count, len = (size_t)view.len;
    if (len < RELEASE_GIL_BYTES) {
        count = adjeq_count_utf8((const char *)view.buf, len);
    } else {
        Py_BEGIN_ALLOW_THREADS
        count = adjeq_count_utf8((const char *)view.buf, len);
        Py_END_ALLOW_THREADS
    }
    PyBuffer_Release(&view);
    return PyLong_FromSize_t(count);
}

/* The names of the kernels this CPU and this build can run, as a str
 * "a, b, c" (for error messages) or a tuple. */
static PyObject *supported_kernel_names(void) {
    PyObject *names = PyList_New(0);
    if (!names)
        return NULL;
    for (unsigned k = 0; k < adjeq_kernel_count(); k++) {
        if (!adjeq_kernel_supported((enum adjeq_kernel)k))
            continue;
        PyObject *name = PyUnicode_FromString(
            adjeq_kernel_name((enum adjeq_kernel)k));
        if (!name || PyList_Append(names, name) < 0) {
            Py_XDECREF(name);
            Py_DECREF(names);
            return NULL;
        }
        Py_DECREF(name);
    }
    PyObject *tuple = PyList_AsTuple(names);
    Py_DECREF(names);
    return tuple;
}

PyDoc_STRVAR(kernels_doc,
"kernels($module, /)\n"
"--\n"
"\n"
"Names of the kernels this CPU and build can run, in adjeq's enum order\n"
"(for example ('scalar', 'sse2', 'avx2', 'avx512bw')). Each one is a valid\n"
"argument of set_kernel().");

static PyObject *py_kernels(PyObject *module, PyObject *unused) {
    (void)module;
    (void)unused;
    return supported_kernel_names();
}

PyDoc_STRVAR(kernel_doc,
"kernel($module, /)\n"
"--\n"
"\n"
"Name of the kernel count_doubles() uses now: the best one for this CPU,\n"
"unless set_kernel() or the ADJEQ_KERNEL environment variable chose\n"
"another.");

static PyObject *py_kernel(PyObject *module, PyObject *unused) {
    (void)module;
    (void)unused;
    return PyUnicode_FromString(adjeq_kernel_name(adjeq_active_kernel()));
}

PyDoc_STRVAR(set_kernel_doc,
"set_kernel($module, name, /)\n"
"--\n"
"\n"
"Make count_doubles() use the named kernel (one of kernels()) for every\n"
"mode, in every thread. Raises ValueError for a name that is unknown or\n"
"that this CPU or build cannot run.");

static PyObject *py_set_kernel(PyObject *module, PyObject *arg) {
    (void)module;
    if (!PyUnicode_Check(arg)) {
        PyErr_Format(PyExc_TypeError,
                     "set_kernel() takes a kernel name (str), not '%s'",
                     Py_TYPE(arg)->tp_name);
        return NULL;
    }
    /* A name with a NUL in it, or one that is not encodable (a lone
     * surrogate), names no kernel: a C string would stop at the NUL. */
    Py_ssize_t size;
    const char *name = PyUnicode_AsUTF8AndSize(arg, &size);
    if (!name) {
        if (!PyErr_ExceptionMatches(PyExc_UnicodeEncodeError))
            return NULL;
        PyErr_Clear();
    }
    enum adjeq_kernel kernel;
    const char *problem = NULL;
    if (!name || strlen(name) != (size_t)size ||
        adjeq_kernel_from_name(name, &kernel) != 0)
        problem = "is not an adjeq kernel";
    else if (adjeq_set_kernel(kernel) != 0)
        problem = "cannot run on this CPU or was not compiled in";
    if (!problem)
        Py_RETURN_NONE;

    PyObject *supported = supported_kernel_names();
    if (!supported)
        return NULL;
    PyObject *sep = PyUnicode_FromString(", ");
    PyObject *list = sep ? PyUnicode_Join(sep, supported) : NULL;
    if (list)
        PyErr_Format(PyExc_ValueError,
                     "kernel %R %s; kernels available here: %U", arg,
                     problem, list);
    Py_XDECREF(list);
    Py_XDECREF(sep);
    Py_DECREF(supported);
    return NULL;
}

PyDoc_STRVAR(reset_kernel_doc,
"reset_kernel($module, /)\n"
"--\n"
"\n"
"Return to the automatic kernel choice (the best kernel for this CPU),\n"
"undoing set_kernel() and ADJEQ_KERNEL.");

static PyObject *py_reset_kernel(PyObject *module, PyObject *unused) {
    (void)module;
    (void)unused;
    adjeq_reset_kernel();
    Py_RETURN_NONE;
}

static PyMethodDef adjeq_methods[] = {
    {"count_doubles", (PyCFunction)(void (*)(void))py_count_doubles,
     METH_FASTCALL | METH_KEYWORDS, count_doubles_doc},
    {"count_doubles_many", py_count_doubles_many, METH_O,
     count_doubles_many_doc},
    {"count_doubles_utf8", py_count_doubles_utf8, METH_O,
     count_doubles_utf8_doc},
    {"kernel", py_kernel, METH_NOARGS, kernel_doc},
    {"kernels", py_kernels, METH_NOARGS, kernels_doc},
    {"set_kernel", py_set_kernel, METH_O, set_kernel_doc},
    {"reset_kernel", py_reset_kernel, METH_NOARGS, reset_kernel_doc},
    {NULL, NULL, 0, NULL},
};

static int adjeq_exec(PyObject *module) {
    return PyModule_AddStringConstant(module, "__version__",
                                      ADJEQ_VERSION_STRING);
}

static PyModuleDef_Slot adjeq_slots[] = {
    {Py_mod_exec, (void *)adjeq_exec},
#if PY_VERSION_HEX >= 0x030C0000
    /* No per-interpreter state: the module only calls the thread-safe
     * library. */
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
#if PY_VERSION_HEX >= 0x030D0000
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL},
};

PyDoc_STRVAR(module_doc,
"Count adjacent-equal elements (\"doubles\") at memory speed.\n"
"\n"
"count_doubles(s) gives the number of positions i with s[i] == s[i + 1] in a\n"
"str (code points, read from the string's own storage) or in a bytes-like\n"
"object, using the fastest SIMD kernel this CPU supports (see kernel()).");

static struct PyModuleDef adjeq_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "adjeq._adjeq",
    .m_doc = module_doc,
    .m_size = 0,
    .m_methods = adjeq_methods,
    .m_slots = adjeq_slots,
};

PyMODINIT_FUNC PyInit__adjeq(void) { return PyModuleDef_Init(&adjeq_module); }
