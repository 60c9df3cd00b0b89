#include "CLanes.h"
#pragma STDC FP_CONTRACT OFF /* every product rounds on its own unless fma says otherwise, as in Swift */
#include <immintrin.h>
#include <math.h>
#include <stdlib.h>

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
        /* GD_NO_AVX2 tests the portable forms, as it tests the interpreter in place of lane machine code. */
        kind = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && !getenv("GD_NO_AVX2") ? 2 : 1;
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

/* The bulk test of one lane (see gd_lanes_step), as the vector form computes it. */
static int lane_takes_bulk_path(const gd_lane_block *b, long j, double loss, double g2, double projected, double w2) {
    const double largest = 1.7976931348623157e308;
    /* Capped at the largest finite value; a NaN stays NaN, so that every test on it fails. */
    double loss_limit = b->divergence * b->loss_scale[j], point_limit = b->divergence * b->point_scale[j];
    loss_limit = loss_limit > largest ? largest : loss_limit;
    point_limit = (point_limit > largest ? largest : point_limit) * (1 - 1e-9);
    double change = loss - b->previous_loss[j];
    return b->running[j] == 1 && loss <= loss_limit && loss >= -loss_limit && loss > b->tol_loss
        && w2 > 1e-280 && w2 <= largest && w2 <= point_limit * point_limit
        && projected > b->gradient_floor && g2 <= largest && b->moved_squares[j] >= b->moved_floor
        && (change > b->dloss_floor || -change > b->dloss_floor);
}

static long step_portable(const gd_lane_block *b, long start, long count) {
    long settle = 0;
    const double *r = b->registers;
    for (long l = 0; l < count; l++) {
        long j = start + l;
        double g2 = 0, w2 = 0, projected = 0;
        for (long p = 0; p < b->dimension; p++) {
            double g = r[b->gradient_registers[p] * b->stride + l], x = r[p * b->stride + l];
            g2 += g * g;
            w2 += x * x;
            if (b->lower && ((x <= b->lower[p] && g > 0) || (x >= b->upper[p] && g < 0))) g = 0;
            projected += g * g;
        }
        double loss = r[b->loss_register * b->stride + l];
        if (!lane_takes_bulk_path(b, j, loss, g2, projected, w2)) {
            b->bulk[l] = 0;
            settle += b->running[j] == 1;
            continue;
        }
        double d2 = 0;
        for (long p = 0; p < b->dimension; p++) {
            double x = r[p * b->stride + l], next = r[b->next_registers[p] * b->stride + l];
            /* min(max(next, lower), upper), as Bounds.project computes it. */
            if (b->lower) {
                next = b->lower[p] >= next ? b->lower[p] : next;
                next = b->upper[p] < next ? b->upper[p] : next;
            }
            d2 += (next - x) * (next - x);
            b->point[p * b->packed + j] = next;
        }
        for (long i = 0; i < b->kept_count; i++) b->state[i * b->packed + j] = r[b->kept_registers[i] * b->stride + l];
        b->moved_squares[j] = d2;
        b->previous_loss[j] = loss;
        b->bulk[l] = 1;
    }
    return settle;
}

__attribute__((target("avx2,fma")))
static long step_avx2(const gd_lane_block *b, long start, long count) {
    long settle = 0;
    const double *r = b->registers;
    const __m256d largest = _mm256_set1_pd(1.7976931348623157e308), one = _mm256_set1_pd(1);
    const __m256d divergence = _mm256_set1_pd(b->divergence), shade = _mm256_set1_pd(1 - 1e-9);
    const __m256d gradient_floor = _mm256_set1_pd(b->gradient_floor), moved_floor = _mm256_set1_pd(b->moved_floor);
    const __m256d dloss_floor = _mm256_set1_pd(b->dloss_floor), tol_loss = _mm256_set1_pd(b->tol_loss);
    const __m256d tiny = _mm256_set1_pd(1e-280), sign = _mm256_set1_pd(-0.0);
    for (long l = 0; l < count; l += 4) {
        long j = start + l;
        __m256d g2 = _mm256_setzero_pd(), w2 = _mm256_setzero_pd(), projected = _mm256_setzero_pd();
        for (long p = 0; p < b->dimension; p++) {
            __m256d g = _mm256_loadu_pd(r + b->gradient_registers[p] * b->stride + l), x = _mm256_loadu_pd(r + p * b->stride + l);
            g2 = _mm256_add_pd(g2, _mm256_mul_pd(g, g));
            w2 = _mm256_add_pd(w2, _mm256_mul_pd(x, x));
            if (b->lower) {
                __m256d zero = _mm256_setzero_pd();
                __m256d out = _mm256_or_pd(
                    _mm256_and_pd(_mm256_cmp_pd(x, _mm256_set1_pd(b->lower[p]), _CMP_LE_OQ), _mm256_cmp_pd(g, zero, _CMP_GT_OQ)),
                    _mm256_and_pd(_mm256_cmp_pd(x, _mm256_set1_pd(b->upper[p]), _CMP_GE_OQ), _mm256_cmp_pd(g, zero, _CMP_LT_OQ)));
                g = _mm256_andnot_pd(out, g);
            }
            projected = _mm256_add_pd(projected, _mm256_mul_pd(g, g));
        }
        __m256d loss = _mm256_loadu_pd(r + b->loss_register * b->stride + l);
        /* min returns its second operand where either is NaN: a NaN limit stays NaN and fails every test. */
        __m256d loss_limit = _mm256_min_pd(largest, _mm256_mul_pd(divergence, _mm256_loadu_pd(b->loss_scale + j)));
        __m256d point_limit = _mm256_mul_pd(_mm256_min_pd(largest, _mm256_mul_pd(divergence, _mm256_loadu_pd(b->point_scale + j))), shade);
        __m256d change = _mm256_sub_pd(loss, _mm256_loadu_pd(b->previous_loss + j));
        __m256d moved = _mm256_loadu_pd(b->moved_squares + j);
        __m256d running = _mm256_cmp_pd(_mm256_loadu_pd(b->running + j), one, _CMP_EQ_OQ);
        __m256d ok = running;
        ok = _mm256_and_pd(ok, _mm256_cmp_pd(loss, loss_limit, _CMP_LE_OQ));
        ok = _mm256_and_pd(ok, _mm256_cmp_pd(loss, _mm256_xor_pd(loss_limit, sign), _CMP_GE_OQ));
        ok = _mm256_and_pd(ok, _mm256_cmp_pd(loss, tol_loss, _CMP_GT_OQ));
        ok = _mm256_and_pd(ok, _mm256_cmp_pd(w2, tiny, _CMP_GT_OQ));
        ok = _mm256_and_pd(ok, _mm256_cmp_pd(w2, largest, _CMP_LE_OQ));
        ok = _mm256_and_pd(ok, _mm256_cmp_pd(w2, _mm256_mul_pd(point_limit, point_limit), _CMP_LE_OQ));
        ok = _mm256_and_pd(ok, _mm256_cmp_pd(projected, gradient_floor, _CMP_GT_OQ));
        ok = _mm256_and_pd(ok, _mm256_cmp_pd(g2, largest, _CMP_LE_OQ));
        ok = _mm256_and_pd(ok, _mm256_cmp_pd(moved, moved_floor, _CMP_GE_OQ));
        ok = _mm256_and_pd(ok, _mm256_or_pd(_mm256_cmp_pd(change, dloss_floor, _CMP_GT_OQ),
                                            _mm256_cmp_pd(_mm256_xor_pd(change, sign), dloss_floor, _CMP_GT_OQ)));
        /* The update the program computed, projected, then how far it is from the old point. */
        __m256d d2 = _mm256_setzero_pd();
        for (long p = 0; p < b->dimension; p++) {
            __m256d x = _mm256_loadu_pd(r + p * b->stride + l), next = _mm256_loadu_pd(r + b->next_registers[p] * b->stride + l);
            /* min(max(next, lower), upper) as Swift's max and min give it, ties and signed zeros included: maxpd and
             * minpd return their second operand on a tie. */
            if (b->lower) {
                next = _mm256_max_pd(next, _mm256_set1_pd(b->lower[p]));
                next = _mm256_min_pd(_mm256_set1_pd(b->upper[p]), next);
            }
            __m256d d = _mm256_sub_pd(next, x);
            d2 = _mm256_add_pd(d2, _mm256_mul_pd(d, d));
            double *out = b->point + p * b->packed + j;
            _mm256_storeu_pd(out, _mm256_blendv_pd(_mm256_loadu_pd(out), next, ok));
        }
        for (long i = 0; i < b->kept_count; i++) {
            double *kept = b->state + i * b->packed + j;
            _mm256_storeu_pd(kept, _mm256_blendv_pd(_mm256_loadu_pd(kept), _mm256_loadu_pd(r + b->kept_registers[i] * b->stride + l), ok));
        }
        _mm256_storeu_pd(b->moved_squares + j, _mm256_blendv_pd(moved, d2, ok));
        _mm256_storeu_pd(b->previous_loss + j, _mm256_blendv_pd(_mm256_loadu_pd(b->previous_loss + j), loss, ok));
        _mm256_storeu_pd(b->bulk + l, _mm256_and_pd(ok, one));
        /* Running lanes turned away, counted from the two masks' sign bits. */
        settle += __builtin_popcount(_mm256_movemask_pd(_mm256_andnot_pd(ok, running)));
    }
    return settle;
}

long gd_lanes_step(const gd_lane_block *block, long start, long count) {
    return has_avx2_fma() ? step_avx2(block, start, count) : step_portable(block, start, count);
}
