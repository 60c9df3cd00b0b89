#include "CLanes.h"
#pragma STDC FP_CONTRACT OFF /* every product rounds on its own unless fma says otherwise, as in Swift */
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

static int has_avx2_fma(void) {
    if (kind == 0) {
        __builtin_cpu_init();
        kind = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") ? 2 : 1;
    }
    return kind == 2;
}

/* h + low, or h where that is NaN (h overflowed): Double.addCorrection. */
static inline double add_correction(double h, double low) {
    double sum = h + low;
    return sum != sum ? h : sum;
}

/* v³ or v⁴ as Double.power computes them: v² = p + e exactly, then the product and its error, rounded once. */
static inline double power(double v, int fourth) {
    double p = v * v, e = fma(v, v, -p);
    if (fourth) {
        double h = p * p;
        return add_correction(h, fma(p + p, e, fma(p, p, -h)));
    }
    double h = p * v;
    return add_correction(h, fma(e, v, fma(p, v, -h)));
}

__attribute__((target("avx2,fma")))
static inline __m256d add_correction4(__m256d h, __m256d low) {
    __m256d sum = _mm256_add_pd(h, low);
    return _mm256_blendv_pd(sum, h, _mm256_cmp_pd(sum, sum, _CMP_UNORD_Q));
}

__attribute__((target("avx2,fma")))
static void powers_avx2(long count, const double *x, double *out, int fourth) {
    long i = 0;
    for (; i + 4 <= count; i += 4) {
        __m256d v = _mm256_loadu_pd(x + i);
        __m256d p = _mm256_mul_pd(v, v), e = _mm256_fmsub_pd(v, v, p);
        __m256d r;
        if (fourth) {
            __m256d h = _mm256_mul_pd(p, p), t = _mm256_fmsub_pd(p, p, h);
            r = add_correction4(h, _mm256_fmadd_pd(_mm256_add_pd(p, p), e, t));
        } else {
            __m256d h = _mm256_mul_pd(p, v), t = _mm256_fmsub_pd(p, v, h);
            r = add_correction4(h, _mm256_fmadd_pd(e, v, t));
        }
        _mm256_storeu_pd(out + i, r);
    }
    for (; i < count; i++) out[i] = power(x[i], fourth);
}

static void powers_portable(long count, const double *x, double *out, int fourth) {
    for (long i = 0; i < count; i++) out[i] = power(x[i], fourth);
}

void gd_lanes_cube(long count, const double *x, double *out) {
    if (has_avx2_fma()) powers_avx2(count, x, out, 0); else powers_portable(count, x, out, 0);
}

void gd_lanes_fourth_power(long count, const double *x, double *out) {
    if (has_avx2_fma()) powers_avx2(count, x, out, 1); else powers_portable(count, x, out, 1);
}

static void fused(long count, const double *a, const double *b, const double *c, double *out, int subtract) {
    if (has_avx2_fma()) fused_avx2(count, a, b, c, out, subtract);
    else fused_portable(count, a, b, c, out, subtract);
}

void gd_lanes_fused_multiply_add(long count, const double *a, const double *b, const double *c, double *out) {
    fused(count, a, b, c, out, 0);
}

void gd_lanes_fused_multiply_subtract(long count, const double *a, const double *b, const double *c, double *out) {
    fused(count, a, b, c, out, 1);
}
