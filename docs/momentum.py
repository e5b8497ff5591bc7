# ---
# jupyter:
#   description: >-
#     Heavy-ball and Nesterov momentum derived, analysed on an ill-conditioned quadratic
#     (optimal step size and momentum confirmed numerically) and compared on a network.
# ---

# %% [markdown]
# # Momentum
#
# Gradient descent steps straight downhill. In a long narrow valley, downhill points mostly
# across the valley, not along it: the iterates zigzag from wall to wall and creep along
# the floor. *Momentum* remembers the previous steps, so that the zigzags cancel and the
# progress along the floor adds up. This page derives the two forms used by
# [`train`][backprop.training.train], the heavy ball (Polyak, 1964) and Nesterov's
# accelerated gradient (1983), analyses them exactly on a quadratic following Gabriel Goh's
# [*Why Momentum Really Works*](https://distill.pub/2017/momentum/) (Distill, 2017), and then
# runs them on a network.

# %%
import numpy as np
from IPython.display import HTML, Markdown, display
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch

from backprop import Network, datasets, plots
from backprop.figures import show
from backprop.mnist import load_mnist
from backprop.training import train

# %% [markdown]
# ## The heavy ball
#
# Give the parameters $w$ a velocity $v$ (one number per parameter, starting at $0$). Each
# step the velocity decays by a factor $\beta \in [0, 1)$ and is pushed by the gradient;
# then the parameters move by the velocity:
#
# $$
# v_{t+1} = \beta\, v_t - \eta\, \nabla C(w_t), \qquad w_{t+1} = w_t + v_{t+1}.
# $$
#
# With $\beta = 0$ this is gradient descent. Unrolling the recursion from $v_0 = 0$ shows
# what the velocity remembers:
#
# $$
# v_{t+1} = -\eta \sum_{s=0}^{t} \beta^{\,t-s}\, \nabla C(w_s),
# $$
#
# an exponentially weighted sum of all past gradients. Where the gradient keeps its
# direction, the terms add up: on a constant slope $g$ the velocity tends to
# $-\eta g / (1 - \beta)$, so the step grows by a factor $1/(1-\beta)$, ten for
# $\beta = 0.9$. Where the gradient flips sign from step to step, as across a valley, the
# terms cancel. Substituting $v_t = w_t - w_{t-1}$ gives the same method as one line,
# gradient descent plus a fraction of the previous step:
#
# $$
# w_{t+1} = w_t - \eta\, \nabla C(w_t) + \beta\,(w_t - w_{t-1}).
# $$
#
# Nielsen introduces this rule in chapter 3 as "momentum-based gradient descent", with
# $\mu$ for $\beta$ and $1 - \mu$ as the friction.
#
# ## Nesterov's look-ahead
#
# The heavy ball measures the gradient where it stands, then adds the velocity. Nesterov's
# method first moves by the decayed velocity and measures the gradient there, at the point
# it is about to reach anyway:
#
# $$
# v_{t+1} = \beta\, v_t - \eta\, \nabla C(w_t + \beta v_t), \qquad w_{t+1} = w_t + v_{t+1}.
# $$
#
# As written, a step needs the gradient at a point other than the parameters. Bengio,
# Boulanger-Lewandowski and Pascanu (*Advances in optimizing recurrent networks*, 2013)
# store the look-ahead point $\theta_t = w_t + \beta v_t$ instead of $w_t$. Then
#
# $$
# \theta_{t+1} = w_{t+1} + \beta v_{t+1} = \theta_t - \beta v_t + (1 + \beta)\, v_{t+1}
# = \theta_t + \beta\, v_{t+1} + (v_{t+1} - \beta v_t),
# $$
#
# and $v_{t+1} - \beta v_t = -\eta \nabla C(\theta_t)$ by the first equation, so
#
# $$
# v_{t+1} = \beta\, v_t - \eta\, \nabla C(\theta_t), \qquad
# \theta_{t+1} = \theta_t + \beta\, v_{t+1} - \eta\, \nabla C(\theta_t).
# $$
#
# Now the gradient is taken where the stored parameters are, one backpropagation per step
# as for the heavy ball. These are the rules of `train` (`momentum=β`, `nesterov=True`),
# with $\nabla C$ the mean gradient of a mini-batch. Both, written out by hand here for a
# full batch, agree with the package:


# %%
def by_hand(net, x, y, eta, beta, nesterov, steps):
    """Full-batch heavy ball or Nesterov (Bengio's form), as derived above."""
    velocities = [np.zeros_like(p) for p in net.parameters()]
    for _ in range(steps):
        nabla_b, nabla_w = net.backprop(x, y)
        for p, v, nabla in zip(
            net.parameters(), velocities, [*nabla_b, *nabla_w]
        ):
            gradient = nabla / x.shape[1]  # backprop sums over the examples
            v[:] = beta * v - eta * gradient
            p += beta * v - eta * gradient if nesterov else v


x, labels = datasets.moons(n=100, seed=0)
gaps = {}
for nesterov in (False, True):
    ours, theirs = Network([2, 5, 2], seed=0), Network([2, 5, 2], seed=0)
    by_hand(ours, x, datasets.one_hot(labels, 2), 0.5, 0.9, nesterov, steps=20)
    train(
        theirs,
        (x, labels),
        20,
        100,
        0.5,
        momentum=0.9,
        nesterov=nesterov,
        seed=0,
    )
    gaps[nesterov] = max(
        np.abs(p - q).max()
        for p, q in zip(ours.parameters(), theirs.parameters())
    )
for nesterov, gap in gaps.items():
    print(
        f"nesterov={nesterov!s:5}: largest difference after 20 steps {gap:.1e}"
    )

# %% [markdown]
# (The differences are rounding: `train` shuffles the examples, which changes the order of
# the sums.) One consequence of Bengio's form: the parameters `train` leaves in the network
# are the look-ahead points $\theta$, not $w$. They differ by $\beta v$, which vanishes as
# training settles.
#
# ## The quadratic model
#
# Near a minimum, a smooth cost looks like a quadratic bowl, and on a quadratic the
# behaviour of both methods can be computed exactly. Take
#
# $$
# C(w) = \tfrac{1}{2}\, w^T A\, w, \qquad \nabla C(w) = A w,
# $$
#
# with $A$ symmetric and positive definite.
#
# !!! info "Eigenvalues, eigenvectors and the condition number, in brief"
#     A vector $q \ne 0$ with $A q = \lambda q$ is an *eigenvector* of $A$, and the number
#     $\lambda$ its *eigenvalue*: along $q$, multiplying by $A$ only stretches. A symmetric
#     $n \times n$ matrix has $n$ eigenvectors $q_1, \dots, q_n$ of length 1 at right
#     angles to each other, with real eigenvalues $\lambda_1 \le \dots \le \lambda_n$;
#     "positive definite" means all $\lambda_i > 0$. Put as the columns of a matrix $Q$,
#     they give $A = Q \Lambda Q^T$ with $\Lambda$ diagonal and $Q^T Q = I$ (`np.linalg.eigh`
#     computes them). On the bowl $C = \tfrac12 w^T A w$, $\lambda_i$ is the curvature along
#     $q_i$: large means steep walls. The *condition number* $\kappa = \lambda_n / \lambda_1$
#     compares the steepest direction with the flattest: a long narrow valley has a large
#     $\kappa$.
#
# **Why the eigenvectors.** Write the parameters in the basis of eigenvectors, $w = Q x$
# (and the velocity $v = Q u$). Since $Q^T Q = I$,
# $C = \tfrac12 x^T Q^T A Q x = \tfrac12 x^T \Lambda x = \tfrac12 \sum_i \lambda_i x_i^2$,
# and $\nabla C(w) = A w = Q \Lambda x$. A step of either method,
# $v_{t+1} = \beta v_t - \eta A w_t$, $w_{t+1} = w_t + v_{t+1}$, multiplied on the left by
# $Q^T$, becomes $u_{t+1} = \beta u_t - \eta \Lambda x_t$, $x_{t+1} = x_t + u_{t+1}$: the
# same method on the diagonal bowl, where coordinate $x_i$ moves on its own with gradient
# $\lambda_i x_i$. The change of basis is a rotation, so it changes neither the lengths
# nor the speed of convergence; it only uncouples the coordinates. For the heavy ball the pair
# $(v, x_i)$ is multiplied by a fixed matrix at every step:
#
# $$
# \begin{pmatrix} v_{t+1} \\ x_{t+1} \end{pmatrix} = R_i \begin{pmatrix} v_t \\ x_t \end{pmatrix},
# \qquad
# R_i = \begin{pmatrix} \beta & -\eta\lambda_i \\ \beta & 1 - \eta\lambda_i \end{pmatrix}.
# $$
#
# (The second row is $x_{t+1} = x_t + v_{t+1}$ with $v_{t+1}$ from the first row.) After $t$
# steps the error is $R_i^t$ times the initial one, so it shrinks like $\rho(R_i)^t$, where
# the spectral radius $\rho$ is the largest modulus of an eigenvalue of $R_i$. The slowest
# coordinate sets the pace: the **convergence rate** is $\max_i \rho(R_i)$, and it is below 1
# exactly when the method converges. The eigenvalues $\mu$ of $R_i$ solve
# $\mu^2 - (1 + \beta - \eta\lambda_i)\,\mu + \beta = 0$.
#
# Goh's analysis finds the step size and momentum that minimise the rate. He calls the
# step size $\alpha$; it is our learning rate $\eta$:
#
# $$
# \alpha^* = \left(\frac{2}{\sqrt{\lambda_1} + \sqrt{\lambda_n}}\right)^2, \qquad
# \beta^* = \left(\frac{\sqrt{\kappa} - 1}{\sqrt{\kappa} + 1}\right)^2, \qquad
# \text{rate } \sqrt{\beta^*} = \frac{\sqrt{\kappa} - 1}{\sqrt{\kappa} + 1},
# $$
#
# against $\frac{\kappa - 1}{\kappa + 1}$ for the best gradient descent
# ($\beta = 0$, $\eta = \frac{2}{\lambda_1 + \lambda_n}$). For $\kappa = 100$ that is
# $0.818$ against $0.980$ per step: to shrink the error a millionfold, about 70 steps
# instead of about 700. Instead of taking that on trust, the code below builds the matrices
# $R_i$, asks NumPy for their eigenvalues, and searches for the best parameters. The
# example is the valley $C(w) = \frac{1}{2}(\lambda_1 w_1^2 + \lambda_2 w_2^2)$ with
# $\lambda_1 = 1$, $\lambda_2 = 100$, already written in its eigenvector basis.

# %%
LAMBDAS = np.array([1.0, 100.0])
kappa = LAMBDAS[1] / LAMBDAS[0]


def iteration_matrices(eta, beta, lam, nesterov=False):
    """R for all (broadcast) eta, beta, lam: shape (..., 2, 2)."""
    eta, beta, lam = np.broadcast_arrays(eta, beta, lam)
    h = eta * lam
    # Nesterov on a quadratic: v ← βv − ηλ(x + βv), x ← x + v
    decay = beta * (1 - h) if nesterov else beta
    return np.stack(
        [np.stack([decay, -h], -1), np.stack([decay, 1 - h], -1)], -2
    )


def rate(eta, beta, nesterov=False):
    """The rate max_i ρ(R_i) on the valley, from the eigenvalues of R_i."""
    moduli = [
        np.abs(
            np.linalg.eigvals(iteration_matrices(eta, beta, lam, nesterov))
        ).max(-1)
        for lam in LAMBDAS
    ]
    return np.maximum(*moduli)


alpha_star = (2 / (np.sqrt(LAMBDAS[0]) + np.sqrt(LAMBDAS[1]))) ** 2
beta_star = ((np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)) ** 2

# Search 1: β on a fine grid, with η = α*.
# Search 2: η on a fine grid, with β = β*.
betas = np.linspace(0, 0.999, 20_001)
rates_beta = rate(alpha_star, betas)
etas = np.linspace(1e-4, 2 * (1 + beta_star) / LAMBDAS[1], 20_001)
rates_eta = rate(etas, beta_star)


# Search 3: both at once, zooming in: a 41 × 41 grid,
# then a smaller one around its best, and so on.
def zoom_search(eta, beta, width_eta, width_beta, rounds=30, nesterov=False):
    for _ in range(rounds):
        E, B = np.meshgrid(
            np.linspace(eta - width_eta, eta + width_eta, 41),
            np.linspace(
                max(beta - width_beta, 0), min(beta + width_beta, 0.999), 41
            ),
        )
        best = np.unravel_index(rate(E, B, nesterov).argmin(), E.shape)
        eta, beta = E[best], B[best]
        width_eta, width_beta = width_eta / 1.5, width_beta / 1.5
    return eta, beta


eta_joint, beta_joint = zoom_search(0.025, 0.5, 0.025, 0.5)
eta_gd = 2 / LAMBDAS.sum()
results = [  # what, η, β, rate
    ("Goh's formulas", alpha_star, beta_star, np.sqrt(beta_star)),
    (
        "search over β, with η = α*",
        alpha_star,
        betas[rates_beta.argmin()],
        rates_beta.min(),
    ),
    (
        "search over η, with β = β*",
        etas[rates_eta.argmin()],
        beta_star,
        rates_eta.min(),
    ),
    ("search over both", eta_joint, beta_joint, rate(eta_joint, beta_joint)),
    ("gradient descent, η = 2/(λ₁ + λ₂)", eta_gd, 0.0, rate(eta_gd, 0.0)),
]
Markdown(
    f"| κ = {kappa:.0f} | step size η | momentum β | rate "
    "|\n|---|---:|---:|---:|\n"
    + "\n".join(
        f"| {what} | {eta:.6f} | {beta:.6f} | {r:.6f} |"
        for what, eta, beta, r in results
    )
    + "\n| (κ − 1)/(κ + 1), gradient descent's formula | | | "
    f"{(kappa - 1) / (kappa + 1):.6f} |"
)

# %% tags=["remove-input"]
assert abs(betas[rates_beta.argmin()] - beta_star) <= betas[1] - betas[0]
assert abs(etas[rates_eta.argmin()] - alpha_star) <= etas[1] - etas[0]
assert abs(eta_joint - alpha_star) < 1e-4 and abs(beta_joint - beta_star) < 1e-3
assert (
    round(np.sqrt(beta_star), 3) == 0.818
    and round((kappa - 1) / (kappa + 1), 3) == 0.980
)
assert (
    round(np.log(1e-6) / np.log(np.sqrt(beta_star)), -1) == 70
)  # "about 70 steps"
assert (
    round(np.log(1e-6) / np.log((kappa - 1) / (kappa + 1)), -2) == 700
)  # "about 700"


# %% [markdown]
# The searches land on Goh's $\alpha^*$ and $\beta^*$ to within their grid spacing. The
# rates agree less closely, and for a reason: at the optimum each $R_i$ has a double
# eigenvalue, near which the eigenvalues move like the *square root* of a change in $\eta$
# or $\beta$, so a grid spacing of $10^{-5}$ can cost a few $10^{-4}$ in the rate.
#
# ## Trajectories
#
# Each panel below starts at the same point and takes 40 steps, with one value of $\beta$
# and, for that $\beta$, the step size $\eta$ with the best rate (found by the same search;
# where several do equally well, the smallest). With $\beta = 0$ the iterates bounce between
# the walls of the valley and creep along its floor. A larger $\beta$ allows a larger step,
# so the progress along the floor speeds up (the rate drops from 0.98 to 0.82 at $\beta^*$),
# at the price of wider swings across the valley: momentum damps the steep direction
# enough to keep it stable with a step that plain gradient descent could not survive. With
# $\beta = 0.9$ the velocity itself decays too slowly: the rate cannot drop below
# $\sqrt{0.9} = 0.95$, whatever the step.


# %%
def best_eta(beta):
    """The smallest step size with the lowest rate for this β."""
    grid = np.linspace(1e-5, 2 * (1 + beta) / LAMBDAS[1], 4_001)
    return grid[np.round(rate(grid, beta), 9).argmin()]


def heavy_ball(w, eta, beta, steps):
    """The heavy ball's iterates w_0 … w_steps: shape (steps + 1, 2)."""
    path, v = [w], np.zeros(2)
    for _ in range(steps):
        v = beta * v - eta * LAMBDAS * w  # ∇C(w) = A w, A = diag(λ₁, λ₂)
        w = w + v
        path.append(w)
    return np.array(path)


W0, STEPS = np.array([-1.0, 0.12]), 40
choices = {
    "β = 0": 0.0,
    "β = 0.5": 0.5,
    "β = 0.9": 0.9,
    f"β* = {beta_star:.3f}": beta_star,
}
paths = {
    label: (heavy_ball(W0, best_eta(b), b, STEPS), best_eta(b), b)
    for label, b in choices.items()
}

# %% tags=["remove-input"]
assert round(rate(best_eta(0.0), 0.0), 2) == 0.98
assert round(rate(best_eta(beta_star), beta_star), 2) == 0.82
assert (
    rate(best_eta(0.9), 0.9) >= np.sqrt(0.9) - 1e-9
)  # "cannot drop below √0.9"


# %% tags=["remove-input"]
g1, g2 = np.meshgrid(np.linspace(-1.1, 0.35, 60), np.linspace(-0.5, 0.5, 60))
valley = 0.5 * (LAMBDAS[0] * g1**2 + LAMBDAS[1] * g2**2)
fig, axes = plots.subplots(2, 2, figsize=(7.5, 4.4), sharex=True, sharey=True)
with plots.theme():
    for ax, (label, (path, eta, b)), colour in zip(
        axes.flat, paths.items(), plots.COLORS
    ):
        ax.contour(
            g1,
            g2,
            valley,
            levels=np.geomspace(1e-3, 1, 6),
            colors=plots.FOREGROUND,
            linewidths=0.6,
            alpha=0.6,
        )
        ax.plot(
            path[:, 0],
            path[:, 1],
            "o-",
            color=colour,
            markersize=2.5,
            linewidth=1,
        )
        ax.plot([0], [0], "+", color=plots.FOREGROUND, markersize=10)
        ax.set_title(
            f"{label}, η = {eta:.4f}, rate {rate(eta, b):.3f}", fontsize=9
        )
    for ax in axes[1]:
        ax.set_xlabel("$w_1$ ($\\lambda_1 = 1$)")
    for ax in axes[:, 0]:
        ax.set_ylabel("$w_2$ ($\\lambda_2 = 100$)")
show(
    fig,
    alt="Four panels of 40 heavy-ball steps in an elongated elliptic valley, "
    "from the point (-1, 0.12) towards the minimum at the origin. With beta "
    "= 0 the path zigzags across the valley and ends about halfway; with "
    "beta = 0.5 it zigzags more widely and gets closer; with beta = 0.9 it "
    "swings gently and slowly; with the optimal beta* it swings widest "
    "across the valley but reaches the minimum.",
    caption="Heavy ball on C(w) = (w₁² + 100 w₂²)/2 from w₀ = (−1, 0.12), "
    f"{STEPS} steps, each β with its best step size η (shown with its rate). "
    "Deterministic: no random numbers are involved.",
)

# %% [markdown]
# ## The rate against β and η
#
# The left panel is the convergence rate as a function of $\beta$, for the fixed step size
# $\alpha^*$ and for the best step size of each $\beta$. Both curves bottom out at
# $\beta^*$. With $\alpha^*$ the method diverges for $\beta$ below
# $\alpha^*\lambda_2 / 2 - 1 \approx 0.65$, where the step is too long for the steep
# direction (the phase diagram below shows why). The markers are rates *measured* from
# actual runs of 300 steps: the largest $\lVert w_t \rVert$ among the last 50 steps
# against the largest 100 steps earlier, to the power $1/100$ (the largest, because the
# iterates oscillate). They sit on the predicted curve. The right panel varies
# the step size at $\beta = \beta^*$: the rate falls slowly up to $\alpha^*$ and rises
# steeply past it (the method diverges from $\eta\lambda_2 = 2(1 + \beta^*)$ on), so a step
# slightly too long costs far more than a step slightly too short.


# %%
def measured_rate(eta, beta):
    norms = np.linalg.norm(heavy_ball(W0, eta, beta, 300), axis=1)
    return (norms[250:].max() / norms[150:200].max()) ** (1 / 100)


coarse = np.linspace(0, 0.98, 50)
best_rates = [rate(best_eta(b), b) for b in coarse]
probes = np.array([0.66, beta_star, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95])
measured = np.array([measured_rate(alpha_star, b) for b in probes])

# %% tags=["remove-input"]
assert (
    round(alpha_star * LAMBDAS[1] / 2 - 1, 2) == 0.65
)  # diverges below β ≈ 0.65
assert rate(alpha_star, 0.64) > 1 > rate(alpha_star, 0.66)
assert np.allclose(
    measured, rate(alpha_star, probes), atol=0.01
)  # "on the curve"


# %% tags=["remove-input"]
fig, (left, right) = plots.subplots(1, 2, figsize=(8, 3.3))
with plots.theme():
    left.plot(betas, np.minimum(rates_beta, 1.05), label="η = α*")
    left.plot(coarse, best_rates, label="best η for each β")
    left.plot(
        probes,
        measured,
        "o",
        markersize=4,
        color=plots.COLORS[2],
        label="measured, η = α*",
    )
    left.axvline(beta_star, color=plots.FOREGROUND, linestyle="--", linewidth=1)
    left.set(
        xlabel="momentum β", ylabel="rate (lower is faster)", ylim=(0.75, 1.05)
    )
    left.legend(fontsize=8)
    right.plot(etas, np.minimum(rates_eta, 1.05), color=plots.COLORS[3])
    right.axvline(
        alpha_star, color=plots.FOREGROUND, linestyle="--", linewidth=1
    )
    right.set(xlabel="step size η (β = β*)", ylim=(0.75, 1.05))
show(
    fig,
    alt="Left: the convergence rate against beta from 0 to 1, for the step "
    "size alpha* and for the best step size of each beta; both curves have "
    "their minimum, about 0.82, at the dashed line beta* = 0.669, and "
    "measured rates lie on the first curve. Right: the rate against the step "
    "size at beta*, with its minimum at the dashed line alpha* = 0.033.",
    caption="Convergence rate max ρ(Rᵢ) of the heavy ball on the valley λ = "
    "(1, 100), from the eigenvalues of the 2 × 2 iteration matrices: "
    f"{len(betas):,} values of β, {len(etas):,} of η; rates above 1.05 "
    "(divergence) are clipped. Dashed: β* and α*.",
)

# %% [markdown]
# ## Try it
#
# With JavaScript on, the figure below has sliders for η and β: move them, and the iterates
# on the valley (left, from the same starting point, the same number of steps), the two
# rate curves and the cost of each eigen-direction against the step redraw at once. Choose
# another condition number κ and the valley, α* and β* follow (Goh's formulas above). The
# dashed lines mark $\beta^*$ and $\alpha^*$; the dot is the current setting. The steps are
# taken by the
# [playground](playground.py)'s engine, whose update rules the test suite checks against
# `train`'s; with Nesterov on, the points are the look-ahead points $\theta_t$ that `train`
# stores.

# %% tags=["remove-input"]
HTML(
    f'<div class="momentum-live" data-momentum-live data-lambdas="{LAMBDAS.tolist()}" '
    f'data-w0="{W0.tolist()}" data-steps="{STEPS}" data-alpha-star="{float(alpha_star)!r}" '
    f'data-beta-star="{float(beta_star)!r}"><p class="pg-static">Here, in a browser with '
    "JavaScript on, is a live figure: sliders for the step size η, the momentum β and "
    "Nesterov's method, and a choice of the condition number and the number of steps, "
    "redraw the iterates on the valley, the two rate curves and the cost of each "
    "eigen-direction at once. "
    "Printed, or with JavaScript off, it cannot run: the trajectories and the rate curves "
    "above show what it draws, β* among the values of β.</p></div>"
)

# %% [markdown]
# ## Converge, oscillate or diverge
#
# One eigen-direction with eigenvalue $\lambda$ behaves according to two numbers only,
# $\eta\lambda$ and $\beta$: they fix $R$ and its eigenvalues $\mu_1, \mu_2$. The phase
# diagram below classifies a grid of $(\eta\lambda, \beta)$ by those eigenvalues, computed
# as before:
#
# - **monotone**: both $\mu$ real, the larger in modulus positive: the coordinate decays
#   without changing sign (after at most one crossing);
# - **spirals**: complex $\mu_{1,2}$ of modulus $\sqrt\beta$: the coordinate oscillates as
#   it decays, the "ripples" of Goh's article;
# - **flips sign**: real $\mu$, the larger in modulus negative: the coordinate changes sign
#   at every step, as gradient descent does across a narrow valley;
# - **diverges**: $\max |\mu| \ge 1$.
#
# The dashed curves are the boundaries that the characteristic polynomial predicts: the
# discriminant $(1 + \beta - \eta\lambda)^2 - 4\beta$ vanishes on
# $\eta\lambda = (1 \pm \sqrt\beta)^2$, and $\mu = -1$ is a root on
# $\eta\lambda = 2(1 + \beta)$. The code checks that these formulas and the eigenvalues
# classify every point of the grid alike.

# %%
h_grid, b_grid = np.meshgrid(
    np.linspace(0.002, 4.5, 450), np.linspace(0, 0.995, 200)
)
mu = np.linalg.eigvals(iteration_matrices(h_grid, b_grid, 1.0))
dominant = np.take_along_axis(mu, np.abs(mu).argmax(-1)[..., None], -1)[..., 0]
is_complex = np.abs(mu.imag).max(-1) > 1e-12
phase = np.select(
    [np.abs(mu).max(-1) >= 1, is_complex, dominant.real < 0],
    [3, 1, 2],
    default=0,
)
names = ["monotone", "spirals", "flips sign", "diverges"]
low, high = (
    (1 - np.sqrt(b_grid)) ** 2,
    (1 + np.sqrt(b_grid)) ** 2,
)  # the dashed curves below
predicted = np.select(
    [
        h_grid >= 2 * (1 + b_grid),
        (low < h_grid) & (h_grid < high),
        h_grid >= high,
    ],
    [3, 1, 2],
    default=0,
)
print(
    "grid points where the formulas and the eigenvalues disagree: "
    f"{np.sum(predicted != phase)} of {phase.size:,}"
)
print(
    f"α*λ₁ = {alpha_star * LAMBDAS[0]:.4f} = (1 − √β*)² = "
    f"{(1 - np.sqrt(beta_star)) ** 2:.4f}"
)
print(
    f"α*λ₂ = {alpha_star * LAMBDAS[1]:.4f} = (1 + √β*)² = "
    f"{(1 + np.sqrt(beta_star)) ** 2:.4f}"
)

# %% tags=["remove-input"]
assert np.sum(predicted != phase) == 0

# %% tags=["remove-input"]
colours = [plots.COLORS[2], plots.COLORS[0], plots.COLORS[5], plots.COLORS[4]]
fig, ax = plots.subplots(figsize=(7, 3.8))
with plots.theme():
    extent = (h_grid.min(), h_grid.max(), b_grid.min(), b_grid.max())
    ax.imshow(
        phase,
        extent=extent,
        origin="lower",
        aspect="auto",
        interpolation="none",
        cmap=ListedColormap(colours),
        vmin=-0.5,
        vmax=3.5,
    )
    b_line = np.linspace(0, 0.995, 200)
    for boundary in (
        (1 - np.sqrt(b_line)) ** 2,
        (1 + np.sqrt(b_line)) ** 2,
        2 * (1 + b_line),
    ):
        ax.plot(boundary, b_line, "--", color="white", linewidth=1)
    markers = dict(
        color="white", markeredgecolor="black", linestyle="none", clip_on=False
    )
    ax.plot(
        alpha_star * LAMBDAS,
        [beta_star] * 2,
        "o",
        label="α*λ₁ and α*λ₂ at β*",
        **markers,
    )
    ax.plot(
        eta_gd * LAMBDAS,
        [0, 0],
        "s",
        label="gradient descent, η = 2/(λ₁ + λ₂)",
        **markers,
    )
    regions = [
        Patch(color=colour, label=name) for colour, name in zip(colours, names)
    ]
    ax.legend(
        handles=regions + ax.get_lines()[-2:],
        loc="upper left",
        bbox_to_anchor=(1.01, 1),
        fontsize=8,
    )
    ax.set(xlabel="ηλ", ylabel="momentum β", xlim=(0, 4.5), ylim=(0, 0.995))
    ax.grid(False)
show(
    fig,
    alt="A phase diagram with eta times lambda from 0 to 4.5 across and beta "
    "from 0 to 1 up, in four regions: monotone convergence at the lower "
    "left, left of the dashed curve eta lambda = (1 - sqrt beta) squared; "
    "spirals in the large region between that curve and the dashed curve (1 "
    "+ sqrt beta) squared; sign flips in a wedge between the second curve "
    "and the dashed line eta lambda = 2(1 + beta); divergence right of that "
    "line. The valley's two eigenvalues at the optimal parameters sit on the "
    "two curves.",
    caption="Behaviour of one eigen-direction of the heavy ball, classified "
    f"from the eigenvalues of R on a {h_grid.shape[1]} × {h_grid.shape[0]} "
    "grid of (ηλ, β). Dashed: the boundaries predicted by the characteristic "
    "polynomial. Circles: the valley's two eigenvalues with the optimal α*, "
    "β*; squares: with the best step of plain gradient descent.",
)

# %% [markdown]
# The circles explain the optimum. With $\alpha^*$ and $\beta^*$ the two extreme
# eigenvalues sit exactly on the two parabolas, at the edges of the spiral region, where
# the rate is $\sqrt{\beta}$ and both directions converge at the same speed; any other
# choice pushes one of them to where it converges more slowly. Gradient descent, on the
# bottom edge, can only place its two points symmetrically about $\eta\lambda = 1$, and with
# $\kappa = 100$ both end up near the slow edges of the diagram. Momentum buys its speed by
# accepting oscillation: the fast direction spirals instead of flipping sign.
#
# Nesterov's method can be analysed the same way (its $R$ has $\beta(1 - \eta\lambda)$ where
# the heavy ball has $\beta$). On a quadratic its best rate is worse than the heavy ball's:

# %%
eta_n, beta_n = zoom_search(0.025, 0.5, 0.025, 0.5, nesterov=True)
print(
    f"Nesterov, best found: η = {eta_n:.4f}, β = {beta_n:.3f}, rate = "
    f"{rate(eta_n, beta_n, nesterov=True):.3f}  (heavy ball: "
    f"{np.sqrt(beta_star):.3f})"
)

# %% tags=["remove-input"]
assert rate(eta_n, beta_n, nesterov=True) > np.sqrt(beta_star)

# %% [markdown]
# Nesterov's method was not designed for the quadratic case: its guarantee, a rate of order
# $1 - 1/\sqrt{\kappa}$, holds for every smooth strongly convex function, while the heavy
# ball's optimal parameters can fail to converge on some of them (Lessard, Recht and
# Packard, 2016). A network's cost is neither quadratic nor convex, and the gradients are
# noisy estimates from mini-batches, so the last word belongs to an experiment.
#
# ## On a network
#
# The network is $[784, 30, 10]$ with sigmoid neurons, trained on the first 10,000 MNIST
# training images and measured on the 10,000 validation images, with the cross-entropy
# cost and the scaled initialisation of Nielsen's chapter 3 (weights $N(0, 1/n_{in})$),
# his remedies for the slow learning of saturated neurons. Every method gets
# the **same budget**: 10 epochs of mini-batches of 100 images, that is 1,000 gradient
# steps, each costing one backpropagation of 100 images. Larger mini-batches than
# Nielsen's 10 make each gradient less noisy, closer to the exact gradients of the quadratic
# analysis.
#
# Each method gets its best learning rate, from a grid wide enough that the best value
# is never at its edge (checked below): a learning rate at the edge of the grid would
# leave open whether a larger or smaller one does better. The heavy ball on a constant
# slope moves $\eta/(1-\beta)$ per unit of gradient, ten times $\eta$ for $\beta = 0.9$, so
# the momentum methods try a tenth of the learning rates of plain gradient descent: the
# same *effective* steps. One run says little, so every setting runs with three seeds
# (initial weights and mini-batch order), and a method is judged by its mean final
# validation accuracy.

# %%
try:
    mnist = load_mnist()
    source = "MNIST"
    training_data = (mnist.train.x[:, :10_000], mnist.train.labels[:10_000])
    validation_data = mnist.validation
except FileNotFoundError:
    training_data, validation_data = datasets.small_digits()
    source = "scikit-learn's 8 × 8 digits"
    display(
        Markdown(
            "!!! warning "
            '"MNIST was not found: this section uses a smaller stand-in"\n'
            "    `load_mnist()` found no MNIST on the machine that "
            "built this page, so the runs below use scikit-learn's 1,797 "
            "images of 8 × 8 pixels (1,297 to train on, 500 to validate on) "
            "with a [64, 30, 10] network and the same settings."
        )
    )
n_in = training_data[0].shape[0]

METHODS = {  # name: (β, Nesterov?, learning rates tried)
    "gradient descent": (0.0, False, [0.5, 1.0, 2.0, 4.0]),
    "the heavy ball": (0.9, False, [0.05, 0.1, 0.2, 0.4]),
    "Nesterov's method": (0.9, True, [0.05, 0.1, 0.2, 0.4]),
}
SEEDS = (0, 1, 2)


def final_accuracy(beta, nesterov, eta, seed):
    """Validation accuracy (%) after 10 epochs."""
    history = train(
        Network([n_in, 30, 10], cost="cross_entropy", init="scaled", seed=seed),
        training_data,
        epochs=10,
        mini_batch_size=100,
        eta=eta,
        momentum=beta,
        nesterov=nesterov,
        evaluation_data=validation_data,
        seed=seed,
        monitor_training=False,
    )
    return 100 * history.evaluation_accuracy[-1]


accuracy = {  # (method, η): one final accuracy per seed
    (name, eta): np.array(
        [final_accuracy(beta, nesterov, eta, s) for s in SEEDS]
    )
    for name, (beta, nesterov, etas) in METHODS.items()
    for eta in etas
}
Markdown(
    "| method | β | η | η/(1 − β) | validation accuracy, mean (seeds 0, 1, "
    "2) |\n|---|---:|---:|---:|---|\n"
    + "\n".join(
        f"| {name} | {METHODS[name][0]:g} | {eta:g} | "
        f"{eta / (1 - METHODS[name][0]):g} | **{a.mean():.2f} %** "
        f"({', '.join(f'{v:.2f}' for v in a)}) |"
        for (name, eta), a in accuracy.items()
    )
)

# %% tags=["hide-input"]
fig, ax = plots.subplots(figsize=(6.4, 3.4))
with plots.theme():
    for name, (beta, _, etas) in METHODS.items():
        a = np.array([accuracy[name, eta] for eta in etas])
        steps = np.array(etas) / (1 - beta)
        ax.errorbar(
            steps,
            a.mean(axis=1),
            yerr=[a.mean(1) - a.min(1), a.max(1) - a.mean(1)],
            marker="o",
            capsize=3,
            label=name,
        )
    ax.set(
        xscale="log",
        xlabel="effective step η/(1 − β)",
        ylabel="validation accuracy (%)",
    )
    ax.legend()
peaks_inside = all(  # each method's best mean accuracy inside the grid
    0 < np.argmax([accuracy[name, eta].mean() for eta in etas]) < len(etas) - 1
    for name, (_, _, etas) in METHODS.items()
)
show(
    fig,
    alt=f"Mean final validation accuracy on {source} against the effective "
    "step, on a log scale, for gradient descent, the heavy ball and "
    "Nesterov's method, each with bars from its worst to its best seed."
    + (
        " Each curve rises to a maximum inside the range tried and falls "
        "after it."
        if peaks_inside
        else ""
    ),
    caption=f"[{n_in}, 30, 10] sigmoid network, cross-entropy, scaled "
    "initialisation, 10 epochs of mini-batches of 100; dots: the mean over "
    "seeds 0, 1, 2; bars: their range.",
)

# %%
best = {  # method: its learning rate with the best mean accuracy
    name: max(etas, key=lambda eta: accuracy[name, eta].mean())
    for name, (_, _, etas) in METHODS.items()
}
means = {name: accuracy[name, eta].mean() for name, eta in best.items()}
ranges = {
    name: (accuracy[name, eta].min(), accuracy[name, eta].max())
    for name, eta in best.items()
}
top = max(means, key=means.get)
close = [
    name for name in means if name != top and ranges[name][1] >= ranges[top][0]
]
behind = [name for name in means if name != top and name not in close]
text = (
    "With its best learning rate, "
    + "; ".join(
        f"{name} (η = {best[name]:g}) reaches {means[name]:.2f} % on average"
        for name in METHODS
    )
    + f". The best mean is that of {top}."
)
if close:
    text += (
        f" {' and '.join(close)[0].upper() + ' and '.join(close)[1:]} "
        f"{'is' if len(close) == 1 else 'are'} not clearly behind: its best "
        f"seed does at least as well as the worst seed of {top}, so the "
        "difference is within the variation from seed to seed."
    )
if behind:
    text += (
        f" {' and '.join(behind)[0].upper() + ' and '.join(behind)[1:]} "
        f"{'is' if len(behind) == 1 else 'are'} behind on every seed: "
        f"{'its' if len(behind) == 1 else 'each'} best seed is below the "
        f"worst seed of {top}."
    )
Markdown(text)

# %% tags=["remove-input"]
if (
    source == "MNIST"
):  # the grid was widened for MNIST; the stand-in may peak at an edge
    for name, (_, _, etas) in METHODS.items():
        assert etas[0] < best[name] < etas[-1], (
            f"{name}: best η {best[name]} at the grid's edge"
        )
for name in behind:
    assert ranges[name][1] < ranges[top][0]

# %% [markdown]
# Momentum's advantage on the quadratic grows with the condition number, and it assumes
# exact gradients. With mini-batches, the noise of the gradients rather than the
# conditioning sets the pace once training has settled, and averaging over past steps
# cannot speed up that part. What momentum changes for certain is the stability limit: the
# phase diagram shows the heavy ball stable for $\eta\lambda < 2(1 + \beta)$ against
# $\eta\lambda < 2$ without momentum, so at the same effective step $\eta/(1 - \beta)$ it
# tolerates curvatures $(1 + \beta)/(1 - \beta)$ times larger, 19 times for
# $\beta = 0.9$. That is where it earns its keep: problems on which plain gradient descent
# must keep its step small because of a few steep directions.
