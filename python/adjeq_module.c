/*
 * The CPython extension module `adjeq`.
 *
 * count_doubles() reads a str's PEP 393 storage in place (1-, 2- or 4-byte
 * units, one code point each, so comparing units is comparing code points)
 * and any C-contiguous buffer in place: no copy, no encoding.
 *
 * The module links its own static copy of the library, so set_kernel() only
 * affects this module, never another user of libadjeq in the process.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdint.h>
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

/* The data stays valid without the GIL: the caller holds a reference to the
 * str (immutable) or a buffer export (which pins the memory). */
static PyObject *count_to_pylong(const void *data, size_t n,
                                 size_t unit_size) {
    size_t count;
    if (n * unit_size < RELEASE_GIL_BYTES) {
        count = count_units(data, n, unit_size);
    } else {
        Py_BEGIN_ALLOW_THREADS
        count = count_units(data, n, unit_size);
        Py_END_ALLOW_THREADS
    }
    return PyLong_FromSize_t(count);
}

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

static int is_bool_format(const char *format) {
    if (!format)
        return 0;
    if (*format && strchr("@=<>!", *format))
        format++;
    return format[0] == '?' && format[1] == '\0';
}

static PyObject *count_str(PyObject *str) {
#if PY_VERSION_HEX < 0x030C0000
    /* Strings made by the deprecated wchar_t API get their PEP 393 form
     * here; a no-op for every other string (and removed in 3.12). */
    if (PyUnicode_READY(str) < 0)
        return NULL;
#endif
    return count_to_pylong(PyUnicode_DATA(str),
                           (size_t)PyUnicode_GET_LENGTH(str),
                           (size_t)PyUnicode_KIND(str));
}

/* Integer struct-module formats: equal items have equal bytes whatever the
 * byte order, so they count as plain 1-, 2- or 4-byte units. Floats are left
 * out: -0.0 == 0.0 and NaN != NaN disagree with their bytes. */
static int is_integer_format(const char *format) {
    if (!format)
        return 1; /* no format means unsigned bytes */
    if (*format && strchr("@=<>!", *format))
        format++;
    return format[0] != '\0' && format[1] == '\0' &&
           strchr("bBhHiIlLqQnNc?", format[0]) != NULL;
}

static PyObject *count_buffer(PyObject *obj) {
    Py_buffer view;
    /* Ask for strides and format so a strided or typed buffer can be named
     * in the error instead of failing inside the exporter. */
    if (PyObject_GetBuffer(obj, &view, PyBUF_RECORDS_RO) < 0)
        return NULL;
    PyObject *result = NULL;
    if (!PyBuffer_IsContiguous(&view, 'C')) {
        PyErr_Format(PyExc_ValueError,
                     "count_doubles() needs a C-contiguous buffer, and this "
                     "%s is strided; copy it first (bytes(x), "
                     "numpy.ascontiguousarray(x))",
                     Py_TYPE(obj)->tp_name);
    } else if (!is_integer_format(view.format) ||
               (view.itemsize != 1 && view.itemsize != 2 &&
                view.itemsize != 4)) {
        PyErr_Format(PyExc_TypeError,
                     "count_doubles() counts buffers of 1-, 2- or 4-byte "
                     "integers, not format '%s' with item size %zd; "
                     "memoryview(x).cast('B') counts its bytes",
                     view.format ? view.format : "B", view.itemsize);
    } else if (is_bool_format(view.format) && view.itemsize == 1) {
        size_t count;
        size_t n = (size_t)view.len;
        if (n < RELEASE_GIL_BYTES) {
            count = count_bools((const uint8_t *)view.buf, n);
        } else {
            Py_BEGIN_ALLOW_THREADS
            count = count_bools((const uint8_t *)view.buf, n);
            Py_END_ALLOW_THREADS
        }
        result = PyLong_FromSize_t(count);
    } else {
        /* Any alignment: the kernels read elements with unaligned loads. */
        result = count_to_pylong(view.buf,
                                 (size_t)(view.len / view.itemsize),
                                 (size_t)view.itemsize);
    }
    PyBuffer_Release(&view);
    return result;
}

PyDoc_STRVAR(count_doubles_doc,
"count_doubles($module, obj, /)\n"
"--\n"
"\n"
"Number of doubles in obj: positions i with obj[i] == obj[i + 1].\n"
"\n"
"str: adjacent-equal code points, read in place from the string's own\n"
"storage (no copy, no encoding); the same answer as\n"
"sum(a == b for a, b in zip(s, s[1:])) for every string.\n"
"\n"
"Objects with the buffer protocol (bytes, bytearray, memoryview, array,\n"
"numpy arrays): adjacent-equal items, read in place. Items must be 1-,\n"
"2- or 4-byte integers (numpy uint8 / uint16 / int32, ...); use\n"
"memoryview(x).cast('B') to count the bytes of anything else.\n"
"\n"
"Raises ValueError for a buffer that is not C-contiguous and TypeError for\n"
"any other object or item type. Releases the GIL for inputs of 64 KiB and\n"
"more, so threads can count in parallel.");

static PyObject *py_count_doubles(PyObject *module, PyObject *obj) {
    (void)module;
    if (PyUnicode_Check(obj))
        return count_str(obj);
    if (PyObject_CheckBuffer(obj))
        return count_buffer(obj);
    PyErr_Format(PyExc_TypeError,
                 "count_doubles() takes a str or a bytes-like object "
                 "(buffer protocol), not '%s'",
                 Py_TYPE(obj)->tp_name);
    return NULL;
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
    {"count_doubles", py_count_doubles, METH_O, count_doubles_doc},
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
    .m_name = "adjeq",
    .m_doc = module_doc,
    .m_size = 0,
    .m_methods = adjeq_methods,
    .m_slots = adjeq_slots,
};

PyMODINIT_FUNC PyInit_adjeq(void) { return PyModuleDef_Init(&adjeq_module); }
