/** The dataset list, shared by the Datasets and New run screens. */
import type { ModelbenchApi } from '../../../main/api/contract.ts';
import type { DatasetMeta } from '../../../main/api/schemas.ts';
import { errorMessage } from '../api/errors.ts';

export class DatasetsState {
  list = $state.raw<DatasetMeta[]>([]);
  loading = $state(false);
  error = $state<string | null>(null);
  #api: ModelbenchApi;

  constructor(api: ModelbenchApi) {
    this.#api = api;
  }

  async refresh(): Promise<void> {
    this.loading = true;
    try {
      this.list = await this.#api.call('datasets.list', {});
      this.error = null;
    } catch (e) {
      this.error = errorMessage(e);
    } finally {
      this.loading = false;
    }
  }

  byId(id: string | undefined): DatasetMeta | undefined {
    return this.list.find((d) => d.id === id);
  }
}
