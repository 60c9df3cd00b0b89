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

/// One block of plain gradient-descent lanes after their evaluation: what `LaneDescent` needs to take the common
/// case in bulk. Lane l of the block is lane `start + l` of the chunk's packed arrays.
typedef struct {
    /// The block's register file (register i of lane l at `registers[i * stride + l]`), the loss's register and
    /// the gradient's, one per parameter.
    const double *registers;
    long stride;
    long loss_register;
    const long *gradient_registers;
    long dimension;
    /// The chunk's packed lanes: parameter p of lane j at `point[p * packed + j]`; per lane j, ‖Δw‖² of its
    /// latest update, its loss before, its divergence scales, its η, and 1 while it runs (0 in the padding).
    double *point;
    long packed;
    double *moved_squares;
    double *previous_loss;
    const double *loss_scale;
    const double *point_scale;
    const double *eta;
    const double *running;
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
    /// This update's η for lane j: (eta_scale · eta[j]) · eta_factor, as its schedule computes it.
    double eta_scale;
    double eta_factor;
    /// The update rule (`gd_lane_method`), its hyperparameters in the order the method declares them, the values
    /// of this update shared by every lane (Adam's bias corrections 1 − β₁ᵗ and √(1 − β₂ᵗ)), and what it keeps
    /// from update to update: buffer b of parameter p of lane j at `state[(b * dimension + p) * packed + j]`.
    int method;
    double hyperparameters[4];
    double shared[2];
    double *state;
} gd_lane_block;

/// The update rules lanes run, as `torch.optim` computes them (see each method's declaration in GDOptim/Methods).
enum gd_lane_method {
    GD_LANES_GD, GD_LANES_MOMENTUM, GD_LANES_NESTEROV, GD_LANES_ADAGRAD, GD_LANES_RMSPROP, GD_LANES_ADAM, GD_LANES_ADAMW
};

/// The bulk path of `count` lanes from `start` (whole vectors of four, past `count` into the padding, where no
/// lane runs): a running lane whose loss, point and gradient are finite and well inside every limit, and that
/// meets no tolerance, takes its method's update (never its first, which settles), its ‖Δw‖² and loss recorded,
/// exactly as `Descent` computes them. Returns how many running lanes did not, which the caller settles one by one.
long gd_lanes_step(const gd_lane_block *block, long start, long count);

#endif
