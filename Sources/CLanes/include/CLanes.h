#ifndef GD_CLANES_H
#define GD_CLANES_H

/// Lane kernels in C, for what Swift cannot vectorise without compiling for a newer processor: a·b ± c rounded
/// once over arrays, with AVX2 and FMA where the processor has them (chosen once, at the first call) and the C
/// library's fma elsewhere. Both give the same, correctly rounded, values. `out` may be any of the inputs.
void gd_lanes_fused_multiply_add(long count, const double *a, const double *b, const double *c, double *out);
/// a·b − c, rounded once.
void gd_lanes_fused_multiply_subtract(long count, const double *a, const double *b, const double *c, double *out);

/// x³ and x⁴ over arrays, correctly rounded exactly as Swift's `Double.power` computes them (x² = p + e exactly,
/// the product and its error by fused multiply-adds, rounded once; the leading part alone where it overflowed).
void gd_lanes_cube(long count, const double *x, double *out);
void gd_lanes_fourth_power(long count, const double *x, double *out);

#endif
