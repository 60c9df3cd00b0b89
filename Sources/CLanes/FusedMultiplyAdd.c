#include "CLanes.h"
#include <immintrin.h>
#include <math.h>

__attribute__((target("avx2,fma")))
static void fused_avx2(long count, const double *a, const double *b, const double *c, double *out, int subtract) {
    long i = 0;
    if (subtract) {
        for (; i + 4 <= count; i += 4) {
            __m256d r = _mm256_fmsub_pd(_mm256_loadu_pd(a + i), _mm256_loadu_pd(b + i), _mm256_loadu_pd(c + i));
            _mm256_storeu_pd(out + i, r);
        }
        for (; i < count; i++) out[i] = fma(a[i], b[i], -c[i]);
    } else {
        for (; i + 4 <= count; i += 4) {
            __m256d r = _mm256_fmadd_pd(_mm256_loadu_pd(a + i), _mm256_loadu_pd(b + i), _mm256_loadu_pd(c + i));
            _mm256_storeu_pd(out + i, r);
        }
        for (; i < count; i++) out[i] = fma(a[i], b[i], c[i]);
    }
}

static void fused_portable(long count, const double *a, const double *b, const double *c, double *out, int subtract) {
    for (long i = 0; i < count; i++) out[i] = fma(a[i], b[i], subtract ? -c[i] : c[i]);
}

/* 0 unknown, 1 portable, 2 AVX2 with FMA. A race at the first call only computes the same answer twice. */
static int kind;

static void fused(long count, const double *a, const double *b, const double *c, double *out, int subtract) {
    if (kind == 0) {
        __builtin_cpu_init();
        kind = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") ? 2 : 1;
    }
    if (kind == 2) fused_avx2(count, a, b, c, out, subtract);
    else fused_portable(count, a, b, c, out, subtract);
}

void gd_lanes_fused_multiply_add(long count, const double *a, const double *b, const double *c, double *out) {
    fused(count, a, b, c, out, 0);
}

void gd_lanes_fused_multiply_subtract(long count, const double *a, const double *b, const double *c, double *out) {
    fused(count, a, b, c, out, 1);
}
