/**
 * The byte layout of one WGSL storage variable, from webgpu-utils' definitions: buffer sizes for
 * its runtime-sized array, and its contents read back by field name.
 */
import {
  makeStructuredView,
  type ArrayDefinition,
  type IntrinsicDefinition,
  type StructDefinition,
  type StructuredView,
  type TypeDefinition,
  type VariableDefinition,
} from 'webgpu-utils';

export type ScalarArray = Float32Array | Uint32Array | Int32Array;
type ScalarArrayType = Float32ArrayConstructor | Uint32ArrayConstructor | Int32ArrayConstructor;

const SCALARS: Record<string, ScalarArrayType> = {
  f32: Float32Array,
  u32: Uint32Array,
  i32: Int32Array,
  'atomic<u32>': Uint32Array,
  'atomic<i32>': Int32Array,
};

const isArray = (t: TypeDefinition): t is ArrayDefinition => 'elementType' in t;
const isStruct = (t: TypeDefinition): t is StructDefinition => 'fields' in t;
const scalarType = (t: TypeDefinition): ScalarArrayType | undefined =>
  isArray(t) || isStruct(t) ? undefined : SCALARS[(t as IntrinsicDefinition).type];

/** The numbers of a structured view's one-element fields (scalars), by name. */
export function scalarsOf(views: Record<string, unknown>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, view] of Object.entries(views)) {
    if (ArrayBuffer.isView(view) && (view as ScalarArray).length === 1) [out[name]] = view as ScalarArray;
  }
  return out;
}

export class StorageLayout {
  /** Where the runtime-sized array starts and its element type; null for fixed-size variables. */
  private readonly tail: { offset: number; element: TypeDefinition } | null;
  /** Bytes before the runtime-sized array (all of them for a fixed-size variable). */
  private readonly fixedBytes: number;

  constructor(
    readonly name: string,
    private readonly def: VariableDefinition,
  ) {
    const t = def.typeDefinition;
    if (isArray(t) && t.numElements === 0) {
      this.tail = { offset: 0, element: t.elementType };
    } else if (isStruct(t)) {
      const last = Object.values(t.fields).at(-1);
      this.tail = last && isArray(last.type) && last.type.numElements === 0 ? { offset: last.offset, element: last.type.elementType } : null;
    } else {
      this.tail = null;
    }
    this.fixedBytes = this.tail ? this.tail.offset : def.size;
  }

  /** Bytes of a buffer holding `count` elements of the runtime-sized array (none: the fixed size). */
  bytes(count = 0): number {
    if (count && !this.tail) throw new Error(`${this.name} has no runtime-sized array to hold ${count} elements.`);
    return this.fixedBytes + (this.tail ? count * this.tail.element.size : 0);
  }

  /** Views of a fixed-size variable's fields over bytes read back (a fresh buffer when none is given). */
  view(bytes?: ArrayBuffer): StructuredView {
    if (this.tail) throw new Error(`${this.name} has a runtime-sized array: read it with scalars() and columns().`);
    return makeStructuredView(this.def, bytes);
  }

  /** The scalar fields before the runtime-sized array (or of the whole struct), by name. */
  scalars(bytes: ArrayBuffer): Record<string, number> {
    const t = this.def.typeDefinition;
    if (!isStruct(t)) throw new Error(`${this.name} is not a struct.`);
    const out: Record<string, number> = {};
    for (const [name, f] of Object.entries(t.fields)) {
      const T = scalarType(f.type);
      if (T && !name.startsWith('_')) [out[name]] = new T(bytes, f.offset, 1);
    }
    return out;
  }

  /**
   * The runtime-sized array's first `count` elements: for structs, each scalar field as one typed
   * array (no view per element, so a whole particle buffer reads fast); for scalars, under `value`.
   * Padding fields (named with a leading underscore) are left out.
   */
  columns<C extends Record<string, ScalarArray> = Record<string, ScalarArray>>(bytes: ArrayBuffer, count: number): C {
    if (!this.tail) throw new Error(`${this.name} has no runtime-sized array.`);
    const { offset, element } = this.tail;
    const fields = isStruct(element) ? Object.entries(element.fields) : [['value', { offset: 0, type: element }] as const];
    const out: Record<string, ScalarArray> = {};
    for (const [name, f] of fields) {
      const T = scalarType(f.type);
      if (!T || name.startsWith('_')) continue;
      const stride = element.size / T.BYTES_PER_ELEMENT;
      const at = f.offset / T.BYTES_PER_ELEMENT;
      const words = new T(bytes, offset, count * stride);
      const column = new T(count);
      for (let i = 0; i < count; i++) column[i] = words[i * stride + at];
      out[name] = column;
    }
    return out as C;
  }
}
