/**
 * What an element holds to follow the `<city-scope>` around it: the scope (undefined outside
 * one) and a revision that changes whenever the selection does, so `willUpdate` can tell.
 */
import { ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { cityScopeContext, type CityScopeApi } from './scope-context';

export class ScopeLink implements ReactiveController {
  private current: CityScopeApi | undefined;
  private changes = 0;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly onChange: (scope: CityScopeApi | undefined) => void = () => {},
  ) {
    host.addController(this);
    new ContextConsumer(host, {
      context: cityScopeContext,
      subscribe: true,
      callback: (scope) => {
        this.current = scope;
        this.changes++;
        this.onChange(scope);
        this.host.requestUpdate();
      },
    });
  }

  /** The scope this element is in, if any. */
  get scope(): CityScopeApi | undefined {
    return this.current;
  }

  /** Changes each time the scope or its selection changes. */
  get revision(): number {
    return this.changes;
  }

  hostDisconnected(): void {
    // A consumer re-requests its context when it connects again; until then it is outside any scope.
    if (this.current === undefined) return;
    this.current = undefined;
    this.changes++;
  }
}
