"""LSTM, GRU, SimpleRNN, RNN(cell), Bidirectional: ranks, widths and returned states."""

from __future__ import annotations

from lstmlint.layers.checks import expect_defined_last, expect_ndim
from lstmlint.layers.config import LayerConfig
from lstmlint.shapes.dims import UNKNOWN, arith, is_int
from lstmlint.shapes.problems import Outcome, ShapeProblem
from lstmlint.shapes.shape import Shape

# how many state tensors each recurrent family returns
STATE_COUNT = {"LSTM": 2, "GRU": 1, "SimpleRNN": 1, "LSTMCell": 2, "GRUCell": 1, "SimpleRNNCell": 1}
RECURRENT = frozenset({"LSTM", "GRU", "SimpleRNN", "RNN", "Bidirectional", "ConvLSTM1D"})
CELLS = frozenset({"LSTMCell", "GRUCell", "SimpleRNNCell"})


def _cell_info(cell: object) -> tuple[object, object]:
    """(output units, state count) of a cell or a list of cells; UNKNOWN when not followed."""
    if isinstance(cell, LayerConfig):
        if cell.kind in CELLS:
            return cell.dim("units"), STATE_COUNT[cell.kind]
        if cell.kind == "StackedRNNCells":
            return _cell_info(cell.get("cells"))
        return UNKNOWN, UNKNOWN
    if isinstance(cell, (list, tuple)) and cell:
        units, _ = _cell_info(cell[-1])
        return units, UNKNOWN  # Keras 3 cannot return the states of stacked cells
    return UNKNOWN, UNKNOWN


def units_and_states(cfg: LayerConfig) -> tuple[object, object]:
    if cfg.kind == "RNN":
        return _cell_info(cfg.get("cell"))
    return cfg.dim("units"), STATE_COUNT.get(cfg.kind, UNKNOWN)


def _outputs(cfg: LayerConfig, batch: object, time: object, units: object, n_states: object) -> Outcome:
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
    if not is_int(n_states):
        return Outcome.unknown("states of this recurrent layer are not followed")
    return Outcome((main,) + (Shape((batch, units)),) * n_states, multi=True)


def recurrent(cfg: LayerConfig, inputs: list[Shape]) -> Outcome:
    """LSTM / GRU / SimpleRNN / RNN(cell)."""
    x = inputs[0]
    units, n_states = units_and_states(cfg)
    if cfg.kind == "RNN" and units is UNKNOWN:
        return Outcome.unknown("custom RNN cell")
    batch = x.dims[0] if x.dims else None
    recovered = _outputs(cfg, batch, UNKNOWN, units, n_states)
    expect_ndim(cfg, x, 3, code="LST101", kind="needs_sequence", recovered=recovered)
    expect_defined_last(cfg, x, recovered=recovered)
    if cfg.flag("stateful") is True and x.dims is not None and x.dims[0] is None:
        raise ShapeProblem(
            "LST109",
            f"`{cfg.display}` is stateful but its input {x} has no fixed batch size",
            kind="stateful_batch",
            operand=0,
            expected="a fixed batch size",
            recovered=recovered,
        )
    if x.dims is None:
        return _outputs(cfg, None, UNKNOWN, units, n_states)
    return _outputs(cfg, x.dims[0], x.dims[1], units, n_states)


def bidirectional(cfg: LayerConfig, inputs: list[Shape]) -> Outcome:
    fwd_cfg = cfg.get("layer")
    if not isinstance(fwd_cfg, LayerConfig) or fwd_cfg.kind not in ("LSTM", "GRU", "SimpleRNN", "RNN"):
        return Outcome.unknown("Bidirectional wraps a layer that is not followed")
    display_cfg = LayerConfig(cfg.kind, cfg.params)
    try:
        # Keras derives every output shape from the forward layer (the backward layer's own
        # width is ignored by the symbolic shapes), so we do too
        fwd = recurrent(fwd_cfg, inputs)
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
