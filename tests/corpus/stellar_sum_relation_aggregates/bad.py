"""A relational aggregator in the style of stellargraph's HinSAGE: one Dense per relation type,
made in a dict comprehension, and the layer's output is the sum of the per-relation
aggregates (`sum(...)` of tensors: 0 + a + b + ...). One relation's Dense is 6 wide, the
other's 8: the sum cannot broadcast (8,) against (6,)."""

import keras
from keras import layers


class RelationSum(layers.Layer):
    def __init__(self, units, relations, **kwargs):
        super().__init__(**kwargs)
        self.dense = {name: layers.Dense(width) for name, width in units.items()}
        self.relations = relations

    def call(self, inputs):
        parts = [self.dense[name](x) for name, x in zip(self.relations, inputs)]
        return sum(parts)  # error: LST110


cites = keras.Input(shape=(10,))
writes = keras.Input(shape=(7,))
total = RelationSum({"cites": 8, "writes": 6}, ["cites", "writes"])([cites, writes])
model = keras.Model([cites, writes], layers.Dense(2)(total))
