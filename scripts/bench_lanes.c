/* The sweeps of scripts/bench written by hand in C, as the anchor gd's lanes are measured against: descent on
 * f(x) = x^4 - 3x^2 + 2 from x = 2, one lane per step size η (evenly spaced from 0.001 to 0.05), the lanes in the
 * inner loop, four to an AVX2 vector, on one core. A lane stops where its loss reaches the target or stops being
 * finite; the loop ends when every lane has stopped or after STEPS updates.
 * usage: bench_lanes gd|momentum|adam LANES STEPS TARGET
 * prints: CPU seconds of the loop, lane-steps run, and a checksum of the final points (so nothing is optimised away). */
#include <immintrin.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double cpu_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
    if (argc != 5) { fprintf(stderr, "usage: bench_lanes gd|momentum|adam LANES STEPS TARGET\n"); return 2; }
    const char *method = argv[1];
    long lanes = atol(argv[2]), steps = atol(argv[3]);
    double target = atof(argv[4]);
    int kind = strcmp(method, "gd") == 0 ? 0 : strcmp(method, "momentum") == 0 ? 1 : 2;
    lanes = (lanes + 3) / 4 * 4;
    double *x = aligned_alloc(32, lanes * 8), *eta = aligned_alloc(32, lanes * 8), *alive = aligned_alloc(32, lanes * 8);
    double *m = aligned_alloc(32, lanes * 8), *v = aligned_alloc(32, lanes * 8);
    for (long l = 0; l < lanes; l++) {
        x[l] = 2;
        eta[l] = 0.001 + (0.05 - 0.001) * l / (lanes > 1 ? lanes - 1 : 1);
        alive[l] = 1;
        m[l] = v[l] = 0;
    }
    const __m256d three = _mm256_set1_pd(3), two = _mm256_set1_pd(2), four = _mm256_set1_pd(4), six = _mm256_set1_pd(6);
    const __m256d goal = _mm256_set1_pd(target), largest = _mm256_set1_pd(1.7976931348623157e308);
    const __m256d one = _mm256_set1_pd(1), sign = _mm256_set1_pd(-0.0);
    const double beta = 0.9, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;
    long lane_steps = 0;
    double start = cpu_seconds();
    for (long k = 0; k < steps; k++) {
        long running = 0;
        /* Adam's bias corrections, the same for every lane. */
        double t = (double)(k + 1), c1 = 1 - pow(beta1, t), c2 = sqrt(1 - pow(beta2, t));
        for (long l = 0; l < lanes; l += 4) {
            __m256d a = _mm256_load_pd(alive + l);
            if (_mm256_movemask_pd(_mm256_cmp_pd(a, one, _CMP_EQ_OQ)) == 0) continue;
            __m256d w = _mm256_load_pd(x + l), w2 = _mm256_mul_pd(w, w);
            __m256d loss = _mm256_add_pd(_mm256_sub_pd(_mm256_mul_pd(w2, w2), _mm256_mul_pd(three, w2)), two);
            __m256d g = _mm256_sub_pd(_mm256_mul_pd(_mm256_mul_pd(four, w2), w), _mm256_mul_pd(six, w));
            /* Stops: the target reached, or the loss no longer finite. */
            __m256d go = _mm256_and_pd(_mm256_cmp_pd(a, one, _CMP_EQ_OQ), _mm256_cmp_pd(loss, goal, _CMP_GT_OQ));
            go = _mm256_and_pd(go, _mm256_cmp_pd(_mm256_andnot_pd(sign, loss), largest, _CMP_LE_OQ));
            __m256d e = _mm256_load_pd(eta + l), next;
            if (kind == 0) {
                next = _mm256_sub_pd(w, _mm256_mul_pd(e, g));
            } else if (kind == 1) {
                __m256d b = k == 0 ? g : _mm256_add_pd(_mm256_mul_pd(_mm256_set1_pd(beta), _mm256_load_pd(m + l)), g);
                _mm256_store_pd(m + l, _mm256_blendv_pd(_mm256_load_pd(m + l), b, go));
                next = _mm256_sub_pd(w, _mm256_mul_pd(e, b));
            } else {
                __m256d mm = _mm256_add_pd(_mm256_mul_pd(_mm256_set1_pd(beta1), _mm256_load_pd(m + l)),
                                           _mm256_mul_pd(_mm256_set1_pd(1 - beta1), g));
                __m256d vv = _mm256_add_pd(_mm256_mul_pd(_mm256_set1_pd(beta2), _mm256_load_pd(v + l)),
                                           _mm256_mul_pd(_mm256_mul_pd(_mm256_set1_pd(1 - beta2), g), g));
                _mm256_store_pd(m + l, _mm256_blendv_pd(_mm256_load_pd(m + l), mm, go));
                _mm256_store_pd(v + l, _mm256_blendv_pd(_mm256_load_pd(v + l), vv, go));
                __m256d size = _mm256_div_pd(e, _mm256_set1_pd(c1));
                __m256d denominator = _mm256_add_pd(_mm256_div_pd(_mm256_sqrt_pd(vv), _mm256_set1_pd(c2)), _mm256_set1_pd(epsilon));
                next = _mm256_sub_pd(w, _mm256_div_pd(_mm256_mul_pd(size, mm), denominator));
            }
            _mm256_store_pd(x + l, _mm256_blendv_pd(w, next, go));
            _mm256_store_pd(alive + l, _mm256_and_pd(go, one));
            int n = __builtin_popcount(_mm256_movemask_pd(go));
            running += n;
            lane_steps += n;
        }
        if (running == 0) break;
    }
    double seconds = cpu_seconds() - start;
    double checksum = 0;
    for (long l = 0; l < lanes; l++) checksum += x[l];
    printf("%.9f\t%ld\t%.17g\n", seconds, lane_steps, checksum);
    return 0;
}
