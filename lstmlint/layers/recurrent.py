"""The recurrent family: LSTM, GRU, SimpleRNN, RNN(cell), Bidirectional, the cells, ConvLSTM.

Ranks, widths, returned states, parameter counts, and the specs with their cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lstmlint.codes import Code
from lstmlint.layers import arguments as args
from lstmlint.layers.checks import expect_defined_last, expect_ndim, one_input
from lstmlint.layers.config import LayerConfig
from lstmlint.layers.conv import conv as conv_step
from lstmlint.layers.params import ZERO, NotCountable, ParamCount, known_flag, known_int, last_dim, trainable
from lstmlint.layers.spec import Case, Check, LayerSpec, Traits, register, spec_for, traits_of
from lstmlint.shapes.dims import UNKNOWN, Dim, arith, is_int
from lstmlint.shapes.problems import Outcome, ProblemKind, ShapeProblem
from lstmlint.shapes.shape import Shape


@dataclass(frozen=True)
class CustomCell:
    """A cell class the program defines (``RNN(MyCell(8))``), as ``RNN`` reads it once the
    cell's ``__init__`` ran: its ``state_size`` (one size per state tensor; None when it is not
    followed, or is not an int or a flat list of sizes) and its output size: Keras 3 reads
    ``output_size`` (None when the cell has none: the first state size); tf_keras uses what
    the cell's ``call`` returns on a step (UNKNOWN until that ``call`` is followed, when the
    RNN is applied: ``built_rnn_cell`` in ``interp/overlays/keras_subclass.py``)."""

    name: str
    states: tuple[Dim, ...] | None
    output: Dim | None = None
    # its ``build``, followed on the step shape of the input, made a weight with a ``None`` size
    undefined_weight: bool = False
    # tf_keras: the shape of each step's output when it has several axes (the cell's ``call``
    # returns ``(batch, 4, 5)``), else None
    axes: tuple[Dim, ...] | None = None
    # why the output is unknown when it is (tf_keras: the cell's ``call`` was not followed)
    lost: str | None = None

    @property
    def width(self) -> Dim:
        """The width of the RNN's output: ``output_size``, else the first state's size."""
        if self.output is not None:
            return self.output
        return self.states[0] if self.states else UNKNOWN


# what a cell's ``state_size`` is, as Keras 3.15 and tf_keras 2.21 return the states of stacked
# cells: one entry per cell, a list of shapes for a cell with several states (nested)
_SINGLE, _SEVERAL = "single", "several"


def _cell_sizes(cell: object) -> tuple[Dim, tuple[Dim, ...] | None, str | None]:
    """(output width, state widths, single/several states) of one cell or of stacked cells;
    UNKNOWN / None where not followed."""
    if isinstance(cell, CustomCell):
        states = cell.states
        kind = None if states is None else _SINGLE if len(states) == 1 else _SEVERAL
        return cell.width, states, kind
    if isinstance(cell, LayerConfig):
        traits = traits_of(cell.kind)
        if traits.cell and traits.states:
            units = cell.dim("units")
            return units, (units,) * traits.states, _SINGLE if traits.states == 1 else _SEVERAL
        if traits.cell and traits.cells:  # StackedRNNCells(cells)
            return _cell_sizes(cell.get(traits.cells))
        return UNKNOWN, None, None
    if isinstance(cell, (list, tuple)) and cell:
        # Keras wraps a list in ``StackedRNNCells``: the last cell's output, and per cell its
        # state (a list of states for a cell with several: nested, not followed)
        parts = [_cell_sizes(c) for c in cell]
        stacked: tuple[Dim, ...] | None = ()
        for _, widths, kind in parts:
            if stacked is None or widths is None or kind != _SINGLE:
                stacked = None
            else:
                stacked = stacked + widths
        return parts[-1][0], stacked, _SEVERAL
    return UNKNOWN, None, None


def _cell_info(cell: object) -> tuple[Dim, object]:
    """(output units, state count) of a cell or a list of cells; UNKNOWN when not followed."""
    units, states, _ = _cell_sizes(cell)
    return units, UNKNOWN if states is None else len(states)


def cell_attribute(cfg: LayerConfig, attr: str) -> Any:
    """``cell.state_size`` / ``cell.output_size`` of Keras' own cells, as both Kerases set
    them (keras 3.15.1 and tf_keras 2.21: ``LSTMCell``: ``[units, units]``; ``GRUCell`` and
    ``SimpleRNNCell``: ``units``; ``output_size`` is ``units``); None when not known."""
    traits = traits_of(cfg.kind)
    units = cfg.dim("units")
    if not (traits.cell and traits.states) or units is UNKNOWN or units is None:
        return None
    if attr == "output_size":
        return units
    if attr == "state_size":
        return units if traits.states == 1 else [units] * traits.states
    return None


def units_and_states(cfg: LayerConfig) -> tuple[Dim, object]:
    """(units, state count) of a recurrent layer or cell; UNKNOWN when not followed."""
    traits = traits_of(cfg.kind)
    if traits.cells:  # RNN(cell)
        return _cell_info(cfg.get(traits.cells))
    if traits.wraps:  # Bidirectional: the forward layer's
        inner = cfg.get(traits.wraps)
        return units_and_states(inner) if isinstance(inner, LayerConfig) else (UNKNOWN, UNKNOWN)
    return cfg.dim("units"), traits.states if traits.states else UNKNOWN


def _state_widths(cfg: LayerConfig) -> tuple[Dim, tuple[Dim, ...] | None]:
    """(output width, the width of each returned state) of LSTM/GRU/SimpleRNN or RNN(cell)."""
    traits = traits_of(cfg.kind)
    if traits.cells:
        units, states, _ = _cell_sizes(cfg.get(traits.cells))
        return units, states
    units = cfg.dim("units")
    return units, (units,) * traits.states if traits.states else None


def _custom_cell(cell: object) -> bool:
    """Whether ``cell`` is, or stacks, a cell class the program defines."""
    if isinstance(cell, (list, tuple)):
        return any(_custom_cell(c) for c in cell)
    return isinstance(cell, CustomCell)


def follows_layer(cfg: object) -> bool:
    """Whether ``cfg`` is a recurrent layer this module follows (what Bidirectional can wrap)."""
    if not isinstance(cfg, LayerConfig):
        return False
    traits = traits_of(cfg.kind)
    return traits.recurrent and not traits.wraps and traits.sequence_rank == 3


def _outputs(cfg: LayerConfig, batch: Dim, time: Dim, units: Dim, states: tuple[Dim, ...] | None) -> Outcome:
    rs = cfg.flag("return_sequences")
    rstate = cfg.flag("return_state")
    if rs is UNKNOWN:
        main = Shape(None)
    elif rs:
        main = Shape((batch, time, units))
    else:
        main = Shape((batch, units))
    if rstate is UNKNOWN:
        return Outcome.unknown("`return_state` is not a literal")
    if not rstate:
        return Outcome((main,))
    if states is None:
        return Outcome.unknown("states of this recurrent layer are not followed")
    return Outcome((main,) + tuple(Shape((batch, width)) for width in states), multi=True)


def _expect_fixed_batch(cfg: LayerConfig, x: Shape, recovered: Outcome | None = None) -> None:
    """A stateful layer keeps one state per sample: Keras needs a fixed batch size."""
    if cfg.flag("stateful") is True and x.dims is not None and x.dims[0] is None:
        raise ShapeProblem(
            Code.STATEFUL_RNN_WITHOUT_BATCH_SIZE,
            f"`{cfg.display}` is stateful but its input {x} has no fixed batch size",
            kind=ProblemKind.STATEFUL_BATCH,
            operand=0,
            expected="a fixed batch size",
            recovered=recovered,
        )


def recurrent(cfg: LayerConfig, inputs: list[Shape]) -> Outcome:
    """LSTM / GRU / SimpleRNN / RNN(cell)."""
    x = inputs[0]
    units, states = _state_widths(cfg)
    traits = traits_of(cfg.kind)
    cell = cfg.get(traits.cells) if traits.cells else None
    if isinstance(cell, CustomCell) and cell.axes is not None:
        return _shaped_cell_outputs(cfg, x, cell.axes)
    if traits.cells and units is UNKNOWN:
        if isinstance(cell, CustomCell) and x.dims is not None:
            # what the output's size does not change: a 2-D input the cell's ``build`` refuses,
            # a stateful layer without a batch size
            if len(x.dims) < 3 and cell.undefined_weight:
                _custom_cell_outputs(cfg, x, units, states)
            elif len(x.dims) >= 3:
                _expect_fixed_batch(cfg, x)
        return Outcome.unknown(cell.lost if isinstance(cell, CustomCell) and cell.lost else "custom RNN cell")
    if traits.cells and _custom_cell(cfg.get(traits.cells)):
        return _custom_cell_outputs(cfg, x, units, states)
    if traits.cells and x.dims is not None and len(x.dims) > 3:
        # Keras 3's RNN has no rank check of its own: it builds the cells on one step,
        # ``(batch,) + shape[2:]``, and its outputs follow the state sizes (keras 3.15.1:
        # ``RNN(LSTMCell(4))`` on ``(None, 5, 6, 7)`` gives ``(None, 4)``). tf_keras refuses that
        # input, but a layer spec is not told the target, so no error is claimed.
        return _outputs(cfg, x.dims[0], x.dims[1], units, states)
    batch = x.dims[0] if x.dims else None
    recovered = _outputs(cfg, batch, UNKNOWN, units, states)
    expect_ndim(
        cfg, x, 3, code=Code.RECURRENT_INPUT_NOT_A_SEQUENCE, kind=ProblemKind.NEEDS_SEQUENCE, recovered=recovered
    )
    expect_defined_last(cfg, x, recovered=recovered)
    _expect_fixed_batch(cfg, x, recovered)
    if x.dims is None:
        return _outputs(cfg, None, UNKNOWN, units, states)
    return _outputs(cfg, x.dims[0], x.dims[1], units, states)


def _custom_cell_outputs(cfg: LayerConfig, x: Shape, units: Dim, states: tuple[Dim, ...] | None) -> Outcome:
    """RNN over a cell the program defines. Keras 3 checks no rank itself: it builds the cell
    on one step, ``(batch,) + shape[2:]``, and takes the outputs from ``state_size`` /
    ``output_size`` alone (keras 3.15.1: ``(None, 3, 7, 5)`` gives ``(None, 4)`` for a cell
    whose ``call`` accepts the step; a 2-D input fails only when the cell's ``build`` makes a
    weight from the step's last size). Whether the cell's own code accepts the step is not
    followed here, so an input of fewer than 3 axes leaves the output unknown, never an error,
    unless the cell's ``build`` was followed on the step and made a weight with a ``None``
    size (``undefined_weight``): both Kerases then refuse it, and tf_keras refuses every
    input of fewer than 3 axes."""
    if x.dims is None:
        return _outputs(cfg, None, UNKNOWN, units, states)
    if len(x.dims) < 3:
        cell = cfg.get("cell")
        if isinstance(cell, CustomCell) and cell.undefined_weight:
            recovered = None if units is UNKNOWN else _outputs(cfg, x.dims[0], UNKNOWN, units, states)
            expect_ndim(
                cfg,
                x,
                3,
                code=Code.RECURRENT_INPUT_NOT_A_SEQUENCE,
                kind=ProblemKind.NEEDS_SEQUENCE,
                recovered=recovered,
            )
        return Outcome.unknown("custom RNN cell on an input without a time axis")
    _expect_fixed_batch(cfg, x, _outputs(cfg, x.dims[0], x.dims[1], units, states))
    return _outputs(cfg, x.dims[0], x.dims[1], units, states)


def _shaped_cell_outputs(cfg: LayerConfig, x: Shape, axes: tuple[Dim, ...]) -> Outcome:
    """RNN over a custom cell whose steps give several axes (tf_keras, the cell's ``call``
    returning ``(batch, 4, 5)``): ``(batch, time, *axes)``, or ``(batch, *axes)`` for the last
    step only (tf_keras 2.21, measured with ``state_size = tf.TensorShape((4, 5))`` on
    ``(None, 7, 4, 5)`` and ``(None, None, 4, 5)``). Its states are not followed; an input of fewer than 3 axes leaves
    the output unknown, as for every custom cell."""
    if x.dims is None or len(x.dims) < 3:
        return Outcome.unknown("custom RNN cell on an input without a time axis")
    rs = cfg.flag("return_sequences")
    if rs is UNKNOWN or cfg.flag("return_state") is not False:
        return Outcome.unknown("custom RNN cell: `return_sequences`/`return_state` not followed")
    main = Shape((x.dims[0], x.dims[1], *axes) if rs else (x.dims[0], *axes))
    _expect_fixed_batch(cfg, x, Outcome.one(main))
    return Outcome.one(main)


def conv_recurrent(cfg: LayerConfig, inputs: list[Shape]) -> Outcome:
    """ConvLSTM1D/2D/3D: (batch, time, *spatial, channels); each step is convolved like ConvND
    (spatial sizes from the windows, ``filters`` channels), and the states have a step's shape."""
    x = inputs[0]
    traits = traits_of(cfg.kind)
    rank = traits.sequence_rank - 3
    expect_ndim(
        cfg,
        x,
        rank + 3,
        code=Code.RECURRENT_INPUT_NOT_A_SEQUENCE,
        kind=ProblemKind.NEEDS_SEQUENCE,
        layout=traits.sequence_layout,
    )
    if x.dims is None:
        return _step_outputs(cfg, None, UNKNOWN, Shape(None), traits.states)
    step = Shape((x.dims[0],) + x.dims[2:])
    channel_axis = 1 if cfg.str_("data_format") == "channels_first" else rank + 1
    spatial = [d for i, d in enumerate(step.dims or ()) if i not in (0, channel_axis)]
    if None in spatial or (step.dims is not None and step.dims[channel_axis] is None):
        raise ShapeProblem(
            Code.UNDEFINED_FEATURE_DIMENSION,
            f"`{cfg.display}` needs defined spatial and channel dimensions, got {x}",
            kind=ProblemKind.UNDEFINED_LAST,
            operand=0,
            data={},
        )
    _expect_fixed_batch(cfg, x)
    out = conv_step(cfg, [step], rank)
    if out.outputs is None:
        return out
    return _step_outputs(cfg, x.dims[0], x.dims[1], out.outputs[0], traits.states)


def _step_outputs(cfg: LayerConfig, batch: Dim, time: Dim, step: Shape, n_states: int) -> Outcome:
    """A ConvLSTM's outputs from the shape of one step's output."""
    rs = cfg.flag("return_sequences")
    rstate = cfg.flag("return_state")
    if rstate is UNKNOWN:
        return Outcome.unknown("`return_state` is not a literal")
    if step.dims is None or rs is UNKNOWN:
        main = Shape(None)
    elif rs:
        main = Shape((batch, time) + step.dims[1:])
    else:
        main = step
    if not rstate:
        return Outcome((main,))
    return Outcome((main,) + (step,) * n_states, multi=True)


def _conv_recurrent_layer(cfg: object) -> bool:
    """Whether ``cfg`` is a ConvLSTM (a recurrent layer reading more than (batch, time, features))."""
    if not isinstance(cfg, LayerConfig):
        return False
    traits = traits_of(cfg.kind)
    return traits.recurrent and not traits.wraps and not traits.cells and traits.sequence_rank != 3


def bidirectional(cfg: LayerConfig, inputs: list[Shape]) -> Outcome:
    fwd_cfg = cfg.get("layer")
    conv = _conv_recurrent_layer(fwd_cfg)
    if not isinstance(fwd_cfg, LayerConfig) or not (follows_layer(fwd_cfg) or conv):
        return Outcome.unknown("Bidirectional wraps a layer that is not followed")
    display_cfg = LayerConfig(cfg.kind, cfg.params)
    try:
        # Keras derives every output shape from the forward layer (the backward layer's own
        # width is ignored by the symbolic shapes), so we do too
        fwd = (conv_recurrent if conv else recurrent)(fwd_cfg, inputs)
    except ShapeProblem as p:
        p.message = p.message.replace(f"`{fwd_cfg.display}`", f"`{display_cfg.display}`", 1)
        if p.recovered is not None and p.recovered.outputs is not None:
            p.recovered = _merge_directions(cfg, p.recovered, p.recovered)
        else:
            p.recovered = None
        raise
    if fwd.outputs is None:
        return Outcome.unknown("Bidirectional layer not followed")
    return _merge_directions(cfg, fwd, fwd)


def merge_directions(cfg: LayerConfig, fwd: Outcome, bwd: Outcome) -> Outcome:
    """A ``Bidirectional`` layer's outputs (``cfg``) from its forward and backward layers' own:
    the main outputs merged by ``merge_mode``, then the forward and the backward states."""
    return _merge_directions(cfg, fwd, bwd)


def _merge_directions(cfg: LayerConfig, fwd: Outcome, bwd: Outcome) -> Outcome:
    assert fwd.outputs is not None and bwd.outputs is not None
    mode = cfg.str_("merge_mode", "concat")
    f_main, b_main = fwd.outputs[0], bwd.outputs[0]
    states = list(fwd.outputs[1:]) + list(bwd.outputs[1:])
    if mode is None:
        mains = [f_main, b_main]
    elif mode == "concat":
        if f_main.dims is None or b_main.dims is None:
            mains = [Shape(None)]
        else:
            mains = [f_main.replace_last(arith("+", f_main.last, b_main.last))]
    elif mode in ("sum", "ave", "mul"):
        mains = [f_main]
    else:
        return Outcome.unknown("merge_mode is not a literal")
    multi = mode is None or fwd.multi
    return Outcome(tuple(mains + states), multi=multi)


# ------------------------------------------------------------------ parameter counts
def _cell_weights(cfg: LayerConfig, input_dim: int) -> tuple[ParamCount, int]:
    """Weights of one recurrent cell (or LSTM/GRU/SimpleRNN layer) and its output width."""
    spec = spec_for(cfg.kind)
    gates = _GATES.get(spec.name) if spec is not None else None
    if gates is None:
        raise NotCountable
    units = known_int(cfg.dim("units"))
    use_bias = known_flag(cfg, "use_bias", True)
    bias_sets = gates
    if gates == 3 and known_flag(cfg, "reset_after", True):  # GRU: separate input and recurrent biases
        bias_sets = 6
    n = gates * units * (input_dim + units) + (bias_sets * units if use_bias else 0)
    return trainable(cfg, ParamCount(n)), units


def _cells_weights(cell: Any, input_dim: int) -> tuple[ParamCount, int]:
    """A cell, a ``StackedRNNCells`` or a list of cells: each cell reads the previous one's output."""
    if isinstance(cell, LayerConfig):
        traits = traits_of(cell.kind)
        if traits.cells:
            count, width = _cells_weights(cell.get(traits.cells), input_dim)
            return trainable(cell, count), width
        if not traits.cell:
            raise NotCountable
        return _cell_weights(cell, input_dim)
    if isinstance(cell, (list, tuple)) and cell:
        total, width = ZERO, input_dim
        for c in cell:
            count, width = _cells_weights(c, width)
            total = total + count
        return total, width
    raise NotCountable


def count_recurrent(cfg: LayerConfig, inputs: list[Shape]) -> ParamCount:
    input_dim = last_dim(inputs[0])
    traits = traits_of(cfg.kind)
    if traits.cells:
        return _cells_weights(cfg.get(traits.cells), input_dim)[0]
    return _cell_weights(cfg, input_dim)[0]


def count_conv_recurrent(cfg: LayerConfig, inputs: list[Shape]) -> ParamCount:
    """Input and recurrent kernels for 4 gates (kernel volume x (channels + filters) x 4 filters),
    plus 4 biases per filter."""
    filters = known_int(cfg.dim("filters"))
    x = inputs[0]
    rank = traits_of(cfg.kind).sequence_rank - 3
    if x.dims is None or len(x.dims) != rank + 3:
        raise NotCountable
    kernel = cfg.get("kernel_size")
    sizes = [kernel] * rank if is_int(kernel) else list(kernel) if isinstance(kernel, (tuple, list)) else []
    if len(sizes) != rank:
        raise NotCountable
    volume = 1
    for k in sizes:
        volume *= known_int(k)
    channel = known_int(x.dims[2] if cfg.str_("data_format") == "channels_first" else x.dims[-1])
    bias = 4 * filters if known_flag(cfg, "use_bias", True) else 0
    return trainable(cfg, ParamCount(volume * (channel + filters) * 4 * filters + bias))


def count_bidirectional(cfg: LayerConfig, inputs: list[Shape]) -> ParamCount:
    forward = cfg.get("layer")
    backward = cfg.get("backward_layer")
    if backward is None:
        backward = forward  # Keras builds a copy of the forward layer
    if _conv_recurrent_layer(forward) and _conv_recurrent_layer(backward):
        return count_conv_recurrent(forward, inputs) + count_conv_recurrent(backward, inputs)
    if not follows_layer(forward) or not follows_layer(backward):
        raise NotCountable
    return count_recurrent(forward, inputs) + count_recurrent(backward, inputs)


# ------------------------------------------------------------------ specs
def _rnn(states: int) -> Traits:
    return Traits(
        family="recurrent", recurrent=True, sequence_flag="return_sequences", states=states, mask_pass="sequences"
    )


def _cell(states: int) -> Traits:
    return Traits(family="cell", cell=True, states=states)


_UNITS = args.positive_int("units")


def _recurrent(name: str, states: int, cases: tuple[Case, ...]) -> LayerSpec:
    """LSTM, GRU, SimpleRNN: ``units`` wide, ``states`` states returned with return_state."""
    return LayerSpec(
        name,
        params=("units",),
        traits=_rnn(states),
        infer=one_input(recurrent),
        checks=(_UNITS,),
        count=count_recurrent,
        cases=cases,
    )


LSTM = _recurrent(
    "LSTM",
    2,
    (
        Case("layers.LSTM(4)(i0)", ((7, 5),)),
        Case("layers.LSTM(4)(i0)", ((5,),)),
        Case("layers.LSTM(4)(i0)", ((3, 4, 5),)),
        Case("layers.LSTM(4)(i0)", ((7, None),)),
        Case("layers.LSTM(4, return_sequences=True)(i0)", ((None, 5),)),
        Case("layers.LSTM(4, return_state=True)(i0)", ((7, 5),)),
        Case("layers.LSTM(4, return_sequences=True, return_state=True)(i0)", ((7, 5),)),
        Case("layers.LSTM(4, stateful=True)(i0)", ((7, 5),)),
    ),
)
GRU = _recurrent(
    "GRU",
    1,
    (
        Case("layers.GRU(3, return_state=True)(i0)", ((7, 5),)),
        Case("layers.GRU(3)(i0)", ((5,),)),
    ),
)
SIMPLE_RNN = _recurrent("SimpleRNN", 1, (Case("layers.SimpleRNN(3, return_sequences=True)(i0)", ((7, 5),)),))
RNN = LayerSpec(
    "RNN",
    params=("cell", "return_sequences", "return_state", "go_backwards", "stateful", "unroll"),
    traits=Traits(
        family="recurrent", recurrent=True, sequence_flag="return_sequences", cells="cell", mask_pass="sequences"
    ),
    infer=one_input(recurrent),
    count=count_recurrent,
    cases=(
        Case("layers.RNN(layers.LSTMCell(6))(i0)", ((7, 5),)),
        Case("layers.RNN(layers.LSTMCell(6), return_state=True)(i0)", ((7, 5),)),
        Case("layers.RNN([layers.LSTMCell(6), layers.GRUCell(3)], return_sequences=True)(i0)", ((7, 5),)),
        Case("layers.RNN([layers.GRUCell(4), layers.SimpleRNNCell(3)], return_state=True)(i0)", ((7, 5),)),
        Case("layers.RNN(layers.LSTMCell(6))(i0)", ((5,),)),
        Case("layers.RNN(layers.LSTMCell(6), return_sequences=True)(i0)", ((5, 6, 7),)),
        Case("layers.RNN([layers.GRUCell(4), layers.SimpleRNNCell(2)], return_state=True)(i0)", ((5, 6, 7),)),
        Case("layers.RNN(layers.LSTMCell(6), stateful=True)(i0)", ((7, 5),)),
    ),
)
BIDIRECTIONAL = LayerSpec(
    "Bidirectional",
    params=("layer", "merge_mode", "weights", "backward_layer"),
    traits=Traits(
        family="recurrent", recurrent=True, sequence_flag="return_sequences", wraps="layer", mask_pass="sequences"
    ),
    infer=one_input(bidirectional),
    checks=(
        args.one_of(
            "merge_mode", ("sum", "mul", "ave", "concat", None), listing="'concat', 'sum', 'ave', 'mul' or None"
        ),
    ),
    count=count_bidirectional,
    cases=(
        Case("layers.Bidirectional(layers.LSTM(4))(i0)", ((7, 5),)),
        Case("layers.Bidirectional(layers.LSTM(4), merge_mode='sum')(i0)", ((7, 5),)),
        Case("layers.Bidirectional(layers.LSTM(4), merge_mode='ave')(i0)", ((7, 5),)),
        Case("layers.Bidirectional(layers.LSTM(4), merge_mode='mul')(i0)", ((7, 5),)),
        Case("layers.Bidirectional(layers.LSTM(4), merge_mode=None)(i0)", ((7, 5),)),
        Case("layers.Bidirectional(layers.LSTM(4, return_state=True))(i0)", ((7, 5),)),
        Case(
            "layers.Bidirectional(layers.GRU(4, return_sequences=True, return_state=True), merge_mode=None)(i0)",
            ((7, 5),),
        ),
        Case("layers.Bidirectional(layers.LSTM(4), backward_layer=layers.LSTM(6, go_backwards=True))(i0)", ((7, 5),)),
        Case("layers.Bidirectional(layers.LSTM(4))(i0)", ((5,),)),
        Case("layers.Bidirectional(layers.GRU(4, stateful=True))(i0)", ((7, 5),)),
        Case("layers.Bidirectional(layers.ConvLSTM2D(4, 3, return_sequences=True))(i0)", ((10, 16, 16, 1),)),
        Case("layers.Bidirectional(layers.ConvLSTM1D(4, 3), merge_mode='sum')(i0)", ((10, 16, 1),)),
        Case("layers.Bidirectional(layers.ConvLSTM2D(4, 3))(i0)", ((16, 16, 1),)),
    ),
)
LSTM_CELL = LayerSpec("LSTMCell", params=("units",), traits=_cell(2), checks=(_UNITS,))
GRU_CELL = LayerSpec("GRUCell", params=("units",), traits=_cell(1), checks=(_UNITS,))
SIMPLE_RNN_CELL = LayerSpec("SimpleRNNCell", params=("units",), traits=_cell(1), checks=(_UNITS,))
STACKED_CELLS = LayerSpec("StackedRNNCells", params=("cells",), traits=Traits(family="cell", cell=True, cells="cells"))
_CONV_LSTM_PARAMS = ("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate")


def _conv_lstm_checks(rank: int) -> tuple[Check, ...]:
    return (
        args.positive_int("filters"),
        args.int_tuple("kernel_size", rank),
        args.int_tuple("strides", rank, zero_ok=True),
        args.int_tuple("dilation_rate", rank),
        args.one_of("padding", ("valid", "same"), lower=True),
        args.strides_or_dilation(),
        args.one_of("data_format", ("channels_last", "channels_first"), lower=True),
    )


def _conv_lstm(rank: int, layout: str, cases: tuple[Case, ...]) -> LayerSpec:
    """ConvLSTM{rank}D: a ``rank + 3``-D input laid out as ``layout``."""
    return LayerSpec(
        f"ConvLSTM{rank}D",
        params=_CONV_LSTM_PARAMS,
        traits=Traits(
            family="conv_recurrent",
            recurrent=True,
            sequence_flag="return_sequences",
            states=2,
            sequence_rank=rank + 3,
            sequence_layout=layout,
        ),
        infer=one_input(conv_recurrent),
        checks=_conv_lstm_checks(rank),
        count=count_conv_recurrent,
        cases=cases,
    )


CONV_LSTM_1D = _conv_lstm(
    1,
    "(batch, time, steps, channels)",
    (
        Case("layers.ConvLSTM1D(4, 3)(i0)", ((5, 10, 3),)),
        Case("layers.ConvLSTM1D(4, 3, padding='same', return_sequences=True)(i0)", ((None, 10, 3),)),
        Case("layers.ConvLSTM1D(4, 3, return_state=True)(i0)", ((5, 10, 3),)),
        Case("layers.ConvLSTM1D(4, 3)(i0)", ((10, 3),)),
        Case("layers.ConvLSTM1D(4, 11)(i0)", ((5, 10, 3),)),
    ),
)
CONV_LSTM_2D = _conv_lstm(
    2,
    "(batch, time, rows, cols, channels)",
    (
        Case("layers.ConvLSTM2D(4, 3)(i0)", ((5, 10, 12, 3),)),
        Case("layers.ConvLSTM2D(4, (3, 5), strides=2, return_sequences=True)(i0)", ((5, 10, 12, 3),)),
        Case(
            "layers.ConvLSTM2D(4, 3, padding='same', return_sequences=True, return_state=True)(i0)",
            ((None, 10, 12, 3),),
        ),
        Case("layers.ConvLSTM2D(4, 3, data_format='channels_first')(i0)", ((5, 3, 10, 12),)),
        Case("layers.ConvLSTM2D(4, 3, dilation_rate=2)(i0)", ((5, 10, 12, 3),)),
        Case("layers.ConvLSTM2D(4, 3)(i0)", ((10, 12, 3),)),
        Case("layers.ConvLSTM2D(4, 3)(i0)", ((5, 10, 12, None),)),
        Case("layers.ConvLSTM2D(4, 3)(i0)", ((5, None, 12, 3),)),
        Case("layers.ConvLSTM2D(4, 13)(i0)", ((5, 10, 12, 3),)),
        Case("layers.ConvLSTM2D(4, 3, stateful=True)(i0)", ((5, 10, 12, 3),)),
    ),
)
CONV_LSTM_3D = _conv_lstm(
    3,
    "(batch, time, depth, rows, cols, channels)",
    (
        Case("layers.ConvLSTM3D(2, 3)(i0)", ((4, 5, 6, 7, 3),)),
        Case("layers.ConvLSTM3D(2, 3, padding='same', return_sequences=True)(i0)", ((4, 5, 6, 7, 3),)),
        Case("layers.ConvLSTM3D(2, 3)(i0)", ((5, 6, 7, 3),)),
    ),
)

# the weight matrices (gates) of each recurrent layer and cell
_GATES = {
    spec.name: n
    for spec, n in ((LSTM, 4), (LSTM_CELL, 4), (GRU, 3), (GRU_CELL, 3), (SIMPLE_RNN, 1), (SIMPLE_RNN_CELL, 1))
}

register(
    LSTM,
    GRU,
    SIMPLE_RNN,
    RNN,
    BIDIRECTIONAL,
    LSTM_CELL,
    GRU_CELL,
    SIMPLE_RNN_CELL,
    STACKED_CELLS,
    CONV_LSTM_1D,
    CONV_LSTM_2D,
    CONV_LSTM_3D,
)


def state_widths(cfg: LayerConfig, n: int) -> list[Dim] | None:
    """The width each of ``n`` ``initial_state`` tensors must have for the recurrent layer
    ``cfg`` (UNKNOWN where not known); None when the layer takes no states we follow."""
    traits = traits_of(cfg.kind)
    if not traits.recurrent:
        return None
    if traits.wraps:  # Bidirectional: the forward layer's states, then the backward layer's
        fwd = cfg.get(traits.wraps)
        bwd = cfg.get("backward_layer") or fwd
        if not isinstance(fwd, LayerConfig) or not isinstance(bwd, LayerConfig) or n % 2:
            return None
        half = n // 2
        return [units_and_states(fwd)[0]] * half + [units_and_states(bwd)[0]] * half
    cell = cfg.get(traits.cells) if traits.cells else None
    if _custom_cell(cell):
        return None  # a cell of the program: whether its ``call`` fails on other widths is not followed
    if traits.cells and not isinstance(cell, LayerConfig):
        return None  # stacked cells: one state width per cell
    return [units_and_states(cfg)[0]] * n
