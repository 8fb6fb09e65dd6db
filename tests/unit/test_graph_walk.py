"""The one graph walker (``lstmlint.graph.walk``): order, state inputs, depth. No TensorFlow."""

from __future__ import annotations

import sys

import libcst as cst

from lstmlint.graph.model import Application, InputNode, Layer, Tensor
from lstmlint.graph.walk import downstream, feeds, look_through, producer_of, producers, upstream, walk_upstream
from lstmlint.layers import LayerConfig
from lstmlint.shapes import Shape

NODE = cst.parse_expression("f(x)")
assert isinstance(NODE, cst.Call)


def tensor(dims: tuple[int | None, ...] = (None, 4)) -> Tensor:
    return Tensor(Shape(dims))


def inp() -> tuple[InputNode, Tensor]:
    node = InputNode(Shape((None, 4)), NODE)
    return node, Tensor(Shape((None, 4)), node)


def apply(kind: str, *inputs: Tensor, n_out: int = 1, **call_kwargs: object) -> Application:
    layer = Layer(LayerConfig(kind), NODE)
    app = Application(layer, list(inputs), len(inputs) > 1, NODE, call_kwargs=dict(call_kwargs))
    app.outputs = [Tensor(Shape((None, 4)), app, i) for i in range(n_out)]
    return app


def test_upstream_is_topological_and_finds_inputs() -> None:
    i1, x1 = inp()
    i2, x2 = inp()
    a = apply("Dense", x1)
    b = apply("Dense", x2)
    c = apply("Add", a.outputs[0], b.outputs[0])
    d = apply("Dense", c.outputs[0])
    order, inputs, unfollowed = walk_upstream(d.outputs)
    assert order == [a, b, c, d]
    assert inputs == [i1, i2] and unfollowed == []
    assert upstream(d.outputs) == order


def test_state_tensors_passed_as_call_arguments_are_part_of_the_graph() -> None:
    """keras.io's seq2seq: the encoder feeds the decoder only through ``initial_state``."""
    i1, enc_in = inp()
    i2, dec_in = inp()
    encoder = apply("LSTM", enc_in, n_out=3)
    h, c = encoder.outputs[1], encoder.outputs[2]
    decoder = apply("LSTM", dec_in, initial_state=[h, c])
    dense = apply("Dense", decoder.outputs[0])
    assert feeds(decoder) == [dec_in, h, c]
    order, inputs, _ = walk_upstream(dense.outputs)
    assert order == [encoder, decoder, dense]
    assert inputs == [i2, i1]
    assert downstream([enc_in], [encoder, decoder, dense]) == [encoder, decoder, dense]


def test_a_lost_tensor_is_found_through_the_producer_index() -> None:
    i, x = inp()
    a = apply("Dense", x)
    lost = Tensor.unknown()
    a.outputs.append(lost)
    b = apply("Dense", lost)
    assert producer_of(lost) == (None, 0)
    made = producers([a, b])
    assert producer_of(lost, made) == (a, 1)
    assert walk_upstream(b.outputs) == ([b], [], [lost])
    assert walk_upstream(b.outputs, made) == ([a, b], [i], [])


def test_downstream_stops_where_told() -> None:
    _, x = inp()
    a = apply("Dropout", x)
    b = apply("Dense", a.outputs[0])
    c = apply("LSTM", b.outputs[0])
    d = apply("Dense", c.outputs[0])
    apps = [a, b, c, d]
    assert downstream([x], apps) == apps
    assert downstream([x], apps, passes=lambda app: app.layer.kind != "LSTM") == [a, b, c]


def test_look_through_walks_up_while_told() -> None:
    _, x = inp()
    lstm = apply("LSTM", x)
    drop = apply("Dropout", lstm.outputs[0])
    dense = apply("Dense", drop.outputs[0])
    seen = [app.layer.kind for _, app in look_through(dense.outputs[0], lambda app: app.layer.kind != "LSTM")]
    assert seen == ["Dense", "Dropout", "LSTM"]
    assert [app for _, app in look_through(dense.outputs[0], lambda app: False)] == [dense]


def test_walks_do_not_recurse_on_deep_graphs() -> None:
    depth = 5 * sys.getrecursionlimit()
    _, t = inp()
    apps = []
    for _ in range(depth):
        app = apply("Dropout", t)
        apps.append(app)
        t = app.outputs[0]
    assert upstream([t]) == apps
    assert len(downstream([apps[0].inputs[0]], apps)) == depth
    assert len(list(look_through(t, lambda app: True, limit=depth))) == depth
