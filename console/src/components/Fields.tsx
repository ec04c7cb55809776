/** Form fields, each with its own label: text, select and a set of checkboxes. */
import { useId } from 'preact/hooks';

export function TextField(props: {
  label: string;
  value: string;
  onInput: (value: string) => void;
  type?: 'text' | 'password' | 'datetime-local' | 'date';
  required?: boolean;
  pattern?: string;
  hint?: string;
  autoComplete?: string;
}) {
  const id = useId();
  const attributes = {
    id,
    value: props.value,
    required: props.required,
    pattern: props.pattern,
    autoComplete: props.autoComplete ?? 'off',
    'aria-describedby': props.hint === undefined ? undefined : `${id}-hint`,
    onInput: (e: Event) => {
      props.onInput((e.currentTarget as HTMLInputElement).value);
    },
  };
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {props.type === 'password' ? (
        <input type="password" {...attributes} />
      ) : props.type === undefined || props.type === 'text' ? (
        <input type="text" {...attributes} />
      ) : (
        <input type={props.type} {...attributes} />
      )}
      {props.hint !== undefined && (
        <small id={`${id}-hint`} class="muted">
          {props.hint}
        </small>
      )}
    </div>
  );
}

export function SelectField(props: {
  label: string;
  value: string;
  options: readonly (string | [string, string])[];
  onChange: (value: string) => void;
}) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select
        id={id}
        value={props.value}
        onChange={(e) => {
          props.onChange(e.currentTarget.value);
        }}
      >
        {props.options.map((o) => {
          const [value, text] = typeof o === 'string' ? [o, o] : o;
          return (
            <option key={value} value={value}>
              {text}
            </option>
          );
        })}
      </select>
    </div>
  );
}

/** One checkbox per option, labelled with it, in a fieldset named by `legend`. */
export function Checkboxes<T extends string>(props: {
  legend: string;
  options: readonly T[];
  checked: readonly T[];
  onChange: (checked: T[]) => void;
}) {
  return (
    <fieldset class="checks">
      <legend>{props.legend}</legend>
      {props.options.map((option) => (
        <label key={option}>
          <input
            type="checkbox"
            checked={props.checked.includes(option)}
            onChange={(e) => {
              const on = e.currentTarget.checked;
              props.onChange(props.options.filter((o) => (o === option ? on : props.checked.includes(o))));
            }}
          />{' '}
          {option}
        </label>
      ))}
    </fieldset>
  );
}
