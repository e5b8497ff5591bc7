"""Forward mode (dual numbers) and reverse mode (tape) on scalar computational graphs."""

import math
import operator

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from backprop.graph import (
    Counts,
    Dual,
    Tape,
    compare_modes,
    exp,
    gradient_forward,
    gradient_reverse,
    log,
    olah_example,
    sigmoid,
    sum_of_products,
    tanh,
)


def central_differences(f, inputs, h=1e-6):
    """(f(x + h eᵢ) − f(x − h eᵢ)) / 2h for each input i, on plain floats."""
    gradient = []
    for i in range(len(inputs)):
        plus, minus = list(inputs), list(inputs)
        plus[i] += h
        minus[i] -= h
        gradient.append((f(*plus) - f(*minus)) / (2 * h))
    return gradient


def operations_in(f, inputs):
    """The number of elementary operations one evaluation of f records."""
    tape = Tape()
    f(*(tape.variable(x) for x in inputs))
    return len(tape.nodes) - len(inputs)


# Olah's example: a = 2, b = 1 gives c = 3, d = 2, e = 6; ∂e/∂a = d = 2, ∂e/∂b = d + c = 5.


@pytest.mark.parametrize("mode", [gradient_forward, gradient_reverse])
def test_olah_example(mode):
    result = mode(olah_example, [2.0, 1.0])
    assert result.value == 6.0
    assert result.gradient == (2.0, 5.0)


def test_olah_example_by_hand_on_the_tape():
    tape = Tape()
    a, b = tape.variable(2.0), tape.variable(1.0)
    c, d = a + b, b + 1
    e = c * d
    e.backward()
    assert (c.value, d.value, e.value) == (3.0, 2.0, 6.0)
    assert (e.grad, c.grad, d.grad) == (1.0, 2.0, 3.0)  # ∂e/∂c = d, ∂e/∂d = c
    assert (a.grad, b.grad) == (2.0, 5.0)  # b: one path through c, one through d


@pytest.mark.parametrize(
    ("f", "x", "derivative"),
    [
        (lambda x: x * x, 3.0, 6.0),
        (lambda x: x + x, 3.0, 2.0),
        (lambda x: x * x * x, 2.0, 12.0),
        (lambda x: (x + 1) * (x - 1) / x, 2.0, 1.25),  # x − 1/x: 1 + 1/x²
    ],
)
def test_reused_node_accumulates_its_gradient(f, x, derivative):
    assert gradient_reverse(f, [x]).gradient == pytest.approx((derivative,), rel=1e-15)
    assert gradient_forward(f, [x]).gradient == pytest.approx((derivative,), rel=1e-15)


def test_backward_twice_gives_the_same_gradients():
    tape = Tape()
    a, b = tape.variable(2.0), tape.variable(1.0)
    e = olah_example(a, b)
    e.backward()
    first = [node.grad for node in tape.nodes]
    e.backward()
    assert [node.grad for node in tape.nodes] == first
    assert (a.grad, b.grad) == (2.0, 5.0)
    assert tape.counts == Counts(passes=3, operations=3 + 3 + 3)


def test_backward_from_an_intermediate_node():
    tape = Tape()
    a, b = tape.variable(2.0), tape.variable(1.0)
    c = a * b
    e = c * c  # recorded after c: does not influence ∂c/∂·
    e.backward()
    c.backward()
    assert (a.grad, b.grad, e.grad) == (1.0, 2.0, 0.0)
    assert tape.counts.operations == 2 + 2 + 1  # forward, backward from e, backward from c


# Random graphs: each step applies an operation to earlier values (inputs or results),
# so values get reused, and the graph's output is the last step. The operations keep values
# in a range where central differences are accurate.

BINARY = {
    "add": operator.add,
    "sub": operator.sub,
    "mul": operator.mul,
    "div": lambda x, y: x / (1 + y * y),
}
UNARY = {
    "neg": operator.neg,
    "tanh": tanh,
    "sigmoid": sigmoid,
    "exp": lambda x: exp(tanh(x)),
    "log": lambda x: log(1 + x * x),
    "square": lambda x: x**2,
    "rsub": lambda x: 2.5 - x,
    "rdiv": lambda x: 1 / (2 + sigmoid(x)),
    "affine": lambda x: 0.5 * x + 1,
}


@st.composite
def graphs(draw):
    """Draw (f, inputs): a random graph with 1 to 5 inputs and 1 to 10 operations."""
    inputs = draw(
        st.lists(st.floats(-1.5, 1.5, allow_nan=False), min_size=1, max_size=5).map(
            lambda xs: [float(x) for x in xs]
        )
    )
    steps = []
    for k in range(draw(st.integers(1, 10))):
        available = len(inputs) + k
        if draw(st.booleans()):
            name = draw(st.sampled_from(sorted(BINARY)))
            operands = (draw(st.integers(0, available - 1)), draw(st.integers(0, available - 1)))
            steps.append((BINARY[name], operands))
        else:
            name = draw(st.sampled_from(sorted(UNARY)))
            steps.append((UNARY[name], (draw(st.integers(0, available - 1)),)))

    def f(*xs):
        values = list(xs)
        for op, operands in steps:
            values.append(op(*(values[i] for i in operands)))
        return values[-1]

    return f, inputs


@settings(max_examples=150, deadline=None)
@given(graphs())
def test_forward_and_reverse_agree_with_each_other_and_with_finite_differences(graph):
    f, inputs = graph
    value = f(*inputs)  # the same f on plain floats
    assume(abs(value) < 1e3)
    forward, reverse = gradient_forward(f, inputs), gradient_reverse(f, inputs)
    assert forward.value == reverse.value == value
    numeric = central_differences(f, inputs)
    for g_forward, g_reverse, g_numeric in zip(
        forward.gradient, reverse.gradient, numeric, strict=True
    ):
        assert math.isclose(g_forward, g_reverse, rel_tol=1e-12, abs_tol=1e-12)
        assert math.isclose(g_reverse, g_numeric, rel_tol=1e-5, abs_tol=1e-6)


@settings(max_examples=50, deadline=None)
@given(graphs())
def test_counts_on_random_graphs(graph):
    f, inputs = graph
    n, k = len(inputs), operations_in(f, inputs)
    assert gradient_forward(f, inputs).counts == Counts(passes=n, operations=n * k)
    assert gradient_reverse(f, inputs).counts == Counts(passes=2, operations=2 * k)


@pytest.mark.parametrize("n", [1, 2, 3, 10, 50])
def test_counts_for_n_inputs(n):
    forward, reverse = compare_modes(n, seed=n)
    k = 2 * n - 1  # n multiplications, n − 1 additions
    assert forward.counts == Counts(passes=n, operations=n * k)
    assert reverse.counts == Counts(passes=2, operations=2 * k)


def test_forward_mode_work_grows_with_n_reverse_mode_work_does_not():
    ratios = []
    for n in (10, 20, 40):
        forward, reverse = compare_modes(n)
        ratios.append(forward.counts.operations / reverse.counts.operations)
    assert ratios == [10 / 2, 20 / 2, 40 / 2]  # n passes against 2


@pytest.mark.parametrize("n", [1, 2, 3, 7])
def test_sum_of_products_gradient(n):
    forward, reverse = compare_modes(n, seed=3)
    xs = [float(x) for x in np.random.default_rng(3).uniform(-1, 1, n)]
    expected = [xs[i - 1] + xs[(i + 1) % n] for i in range(n)]
    assert reverse.gradient == pytest.approx(expected, rel=1e-14)
    assert forward.gradient == pytest.approx(expected, rel=1e-14)
    assert forward.value == pytest.approx(sum_of_products(*xs), rel=1e-14)


def test_compare_modes_is_deterministic():
    assert compare_modes(5, seed=7) == compare_modes(5, seed=7)
    assert compare_modes(5, seed=7)[1].value != compare_modes(5, seed=8)[1].value


@pytest.mark.parametrize(
    ("function", "x", "value", "derivative"),
    [
        (exp, 1.0, math.e, math.e),
        (log, 2.0, math.log(2.0), 0.5),
        (tanh, 0.5, math.tanh(0.5), 1 - math.tanh(0.5) ** 2),
        (sigmoid, 2.0, 1 / (1 + math.exp(-2.0)), math.exp(-2.0) / (1 + math.exp(-2.0)) ** 2),
    ],
)
def test_functions_on_floats_duals_and_nodes(function, x, value, derivative):
    assert function(x) == pytest.approx(value, rel=1e-15)
    dual = function(Dual(x, 1.0))
    assert (dual.value, dual.derivative) == pytest.approx((value, derivative), rel=1e-14)
    tape = Tape()
    node = tape.variable(x)
    out = function(node)
    out.backward()
    assert (out.value, node.grad) == pytest.approx((value, derivative), rel=1e-14)


def test_sigmoid_does_not_overflow():
    assert sigmoid(Dual(-1000.0, 1.0)).derivative == 0.0
    assert sigmoid(-1000.0) == 0.0


def test_constant_function_has_zero_gradient():
    assert gradient_forward(lambda x, y: 3.0, [1.0, 2.0]).gradient == (0.0, 0.0)
    assert gradient_reverse(lambda x, y: 3.0, [1.0, 2.0]).gradient == (0.0, 0.0)
    assert gradient_reverse(lambda x, y: x * 0 + 3, [1.0, 2.0]).gradient == (0.0, 0.0)


def test_dual_without_counts_counts_nothing():
    counts = Counts()
    assert (Dual(1.0) + Dual(2.0, counts=counts)).counts is counts
    assert counts.operations == 1
    assert (Dual(1.0) * 2).counts is None


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (lambda: Dual("2"), TypeError, "value must be a real number, got '2' \\(str\\)"),
        (lambda: Dual(1.0, None), TypeError, "derivative must be a real number, got None"),
        (lambda: Dual(True), TypeError, "value must be a real number, got True"),
        (lambda: Dual(1.0, counts=3), TypeError, "counts must be a Counts or None"),
        (lambda: Tape().variable([1.0]), TypeError, "value must be a real number, got \\[1.0\\]"),
        (lambda: Dual(1.0) + "x", TypeError, "unsupported operand"),
        (lambda: Dual(1.0) + Tape().variable(1.0), TypeError, "unsupported operand"),
        (lambda: Dual(2.0) ** Dual(1.0), TypeError, "exponent must be a real number"),
        (lambda: Dual(-2.0) ** 0.5, ValueError, "negative base -2.0 has no real power 0.5"),
        (lambda: log(Dual(-1.0)), ValueError, "log needs a positive argument, got -1.0"),
        (lambda: exp("1"), TypeError, "x must be a real number, got '1'"),
        (lambda: Tape().variable(1.0) * Tape().variable(2.0), ValueError, "different tapes"),
        (lambda: gradient_forward(olah_example, [2.0, "1"]), TypeError, "inputs\\[1\\] must be"),
        (lambda: gradient_reverse(olah_example, [None]), TypeError, "inputs\\[0\\] must be"),
        (lambda: gradient_reverse(olah_example, "21"), TypeError, "inputs must be a sequence"),
        (lambda: gradient_reverse(olah_example, 2.0), TypeError, "inputs must be a sequence"),
        (lambda: gradient_forward(olah_example, []), ValueError, "at least one number"),
        (lambda: gradient_forward(6.0, [1.0]), TypeError, "f must be a function"),
        (lambda: gradient_reverse(lambda x: "x", [1.0]), TypeError, "f must return a number"),
        (lambda: gradient_forward(lambda x: [x], [1.0]), TypeError, "f must return a number"),
        (
            lambda: compare_modes(0),
            ValueError,
            r"n \(the number of inputs\) must be an int ≥ 1, got 0",
        ),
        (
            lambda: compare_modes(2.0),
            TypeError,
            r"n \(the number of inputs\) must be an int, got 2.0",
        ),
        (lambda: sum_of_products(), ValueError, "at least one input"),
    ],
)
def test_bad_input_is_rejected_with_a_clear_message(make, error, message):
    with pytest.raises(error, match=message):
        make()


def test_compare_modes_names_a_seed_of_the_wrong_type():
    with pytest.raises(TypeError, match=r"^seed must be an int ≥ 0, a numpy.random.Generator"):
        compare_modes(3, seed="abc")
