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

/// One block of descent lanes after their evaluation: what `LaneDescent` needs to take the common case in bulk.
/// Lane l of the block is lane `start + l` of the chunk's packed arrays. The lanes' program (`LaneProgram`) has
/// computed each lane's update too: the kernel tests the lanes and keeps the updates of those that pass.
typedef struct {
    /// The block's register file (register i of lane l at `registers[i * stride + l]`), the loss's register, the
    /// gradient's and the new point's, one per parameter, and the registers of the new values the method keeps.
    const double *registers;
    long stride;
    long loss_register;
    const long *gradient_registers;
    const long *next_registers;
    const long *kept_registers;
    long kept_count;
    long dimension;
    /// The chunk's packed lanes: parameter p of lane j at `point[p * packed + j]`; per lane j, ‖Δw‖² of its
    /// latest update, its loss before, its divergence scales, and 1 while it runs (0 in the padding); what its
    /// method keeps, value i at `state[i * packed + j]`.
    double *point;
    long packed;
    double *moved_squares;
    double *previous_loss;
    const double *loss_scale;
    const double *point_scale;
    const double *running;
    double *state;
    /// Per lane of the block, set to 1 where the lane took the bulk path, else 0.
    double *bulk;
    /// The stopping rules' thresholds: the divergence factor, and squares (or the loss change) a shade inside
    /// the exact limits, so that a lane the test lets through meets none of them.
    double divergence;
    double gradient_floor;
    double moved_floor;
    double dloss_floor;
    double tol_loss;
    /// The box constraints every lane shares, per parameter (NULL: none): the update is projected onto them, and
    /// tol_grad reads the projected gradient, 0 where the point is on a bound and −∇L points out of the box.
    const double *lower;
    const double *upper;
} gd_lane_block;

/// The bulk path of `count` lanes from `start` (whole vectors of four, past `count` into the padding, where no
/// lane runs): a running lane whose loss, point and gradient are finite and well inside every limit, and that
/// meets no tolerance, takes its update (never its first, which settles), projected onto the bounds, and its
/// kept values, its ‖Δw‖² and its loss are recorded, exactly as `Descent` computes them. Returns how many running
/// lanes did not, which the caller settles one by one.
long gd_lanes_step(const gd_lane_block *block, long start, long count);

#endif
